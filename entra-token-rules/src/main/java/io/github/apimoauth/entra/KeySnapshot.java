package io.github.apimoauth.entra;

import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The tenant's RS256 signature keys as ready-made verifiers, by kid: built once per JWKS document, so no request
 * rebuilds an RSA public key from its JWK. Immutable; {@link EntraJwks} swaps in a new one when the document changes.
 *
 * @param verifiers the verifier of each usable key, by kid
 * @param loadedAtMillis when the document was (re)confirmed by the key source
 */
record KeySnapshot(Map<String, RSASSAVerifier> verifiers, long loadedAtMillis) {

    static final KeySnapshot EMPTY = new KeySnapshot(Map.of(), 0);

    /**
     * The keys a JWS verifier for RS256 may use, as Nimbus' JWKMatcher.forJWSHeader selects them: RSA, for signing
     * (or of unstated use), for RS256 (or of unstated algorithm), with a kid. Keys that cannot be built are skipped.
     */
    static KeySnapshot of(JWKSet set, long loadedAtMillis) {
        Map<String, RSASSAVerifier> verifiers = new LinkedHashMap<>();
        for (JWK jwk : set.getKeys()) {
            if (jwk instanceof RSAKey rsa && rsa.getKeyID() != null
                    && (rsa.getKeyUse() == null || KeyUse.SIGNATURE.equals(rsa.getKeyUse()))
                    && (rsa.getAlgorithm() == null || JWSAlgorithm.RS256.equals(rsa.getAlgorithm()))) {
                try {
                    verifiers.put(rsa.getKeyID(), new RSASSAVerifier(rsa.toRSAPublicKey()));
                }
                catch (JOSEException ex) {
                    // An unusable key in the document signs nothing we can accept; the others still serve.
                }
            }
        }
        return new KeySnapshot(Map.copyOf(verifiers), loadedAtMillis);
    }

    /** The verifiers to try for a token's kid, by kid: that key's, or every key's when the token names none. */
    Map<String, RSASSAVerifier> candidates(String kid) {
        if (kid == null) {
            return verifiers;
        }
        RSASSAVerifier verifier = verifiers.get(kid);
        return verifier == null ? Map.of() : Map.of(kid, verifier);
    }

    boolean holds(String kid) {
        return verifiers.containsKey(kid);
    }

    boolean isFresh(long nowMillis, long timeToLiveMillis) {
        return loadedAtMillis > 0 && nowMillis - loadedAtMillis <= timeToLiveMillis;
    }
}
