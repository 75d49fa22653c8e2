package io.github.apimoauth.entra;

import java.nio.ByteBuffer;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jwt.SignedJWT;

import io.github.apimoauth.entra.SigningKeyNotFoundException.Reason;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

/**
 * Turns a compact token into a signature-verified {@link Jwt}, as Spring's Nimbus decoders do (RS256 only, typ JWT or
 * none, the same claim conversion), but parsing it once, with the tenant's verifiers from memory, and remembering the
 * tokens it verified. Every failure is a {@link BadJwtException}: an unverifiable token is a 401, never a 500; a
 * missing key is a {@link SigningKeyNotFoundException}.
 */
final class TokenVerifier {

    /** What could be done without blocking: the token verified, or the keys to fetch first. */
    sealed interface Attempt permits Verified, NeedsKeys {
    }

    record Verified(Jwt jwt) implements Attempt {
    }

    record NeedsKeys(String token, ByteBuffer key, SignedJWT parsed) implements Attempt {
    }

    /** An unknown kid while a refetch for one happened within the rate-limit interval: refused without a fetch. */
    private static final String UNKNOWN_KID_REFETCHED =
            "The token's signing key is not among the tenant's keys, which were refetched recently";

    private static final String KEYS_UNAVAILABLE = "The tenant's signing keys are unavailable";

    private static final MappedJwtClaimSetConverter CLAIMS = MappedJwtClaimSetConverter.withDefaults(Map.of());

    private final EntraJwks jwks;

    private final VerifiedTokens tokens;

    TokenVerifier(EntraJwks jwks) {
        this.jwks = jwks;
        this.tokens = jwks.verifiedTokens();
    }

    /** Never blocks: a remembered token, or one verified with keys in memory; else what to fetch. */
    Attempt verifyFromMemory(String token) {
        ByteBuffer key = VerifiedTokens.keyOf(token);
        VerifiedTokens.Verified remembered = tokens.get(key);
        if (remembered != null) {
            if (jwks.holds(remembered.kid())) {
                return new Verified(remembered.jwt());
            }
            tokens.remove(key);
        }
        SignedJWT parsed = parse(token);
        Optional<Map<String, RSASSAVerifier>> verifiers;
        try {
            verifiers = jwks.cachedVerifiers(parsed.getHeader().getKeyID());
        }
        catch (RateLimitReachedException ex) {
            throw new SigningKeyNotFoundException(Reason.UNKNOWN_KEY, UNKNOWN_KID_REFETCHED);
        }
        return verifiers.<Attempt>map(found -> new Verified(verify(token, key, parsed, found)))
            .orElseGet(() -> new NeedsKeys(token, key, parsed));
    }

    /** Blocking: asks the key source, which fetches the tenant's keys when they are cold or a refetch is due. */
    Jwt verifyFetchingKeys(NeedsKeys pending) {
        Map<String, RSASSAVerifier> verifiers;
        try {
            verifiers = jwks.fetchVerifiers(pending.parsed().getHeader());
        }
        catch (RateLimitReachedException ex) {
            // Never loaded: the fetches that used up the limit failed, so the keys are missing, not the kid.
            throw jwks.loadedOnce() ? new SigningKeyNotFoundException(Reason.UNKNOWN_KEY, UNKNOWN_KID_REFETCHED)
                    : new SigningKeyNotFoundException(Reason.KEYS_UNAVAILABLE, KEYS_UNAVAILABLE);
        }
        catch (KeySourceException ex) {
            throw new SigningKeyNotFoundException(Reason.KEYS_UNAVAILABLE, KEYS_UNAVAILABLE, ex);
        }
        return verify(pending.token(), pending.key(), pending.parsed(), verifiers);
    }

    private static SignedJWT parse(String token) {
        SignedJWT parsed;
        try {
            parsed = SignedJWT.parse(token);
        }
        catch (ParseException | RuntimeException ex) {
            throw new BadJwtException("An error occurred while attempting to decode the Jwt: Malformed token", ex);
        }
        JWSHeader header = parsed.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw new BadJwtException("The token's algorithm " + header.getAlgorithm() + " is not allowed: RS256 only");
        }
        if (header.getType() != null && !JOSEObjectType.JWT.equals(header.getType())) {
            throw new BadJwtException("The token's type is not allowed: JWT only");
        }
        return parsed;
    }

    private Jwt verify(String token, ByteBuffer key, SignedJWT parsed, Map<String, RSASSAVerifier> verifiers) {
        if (verifiers.isEmpty()) {
            throw new SigningKeyNotFoundException(Reason.UNKNOWN_KEY, "The token's signing key is not among the tenant's keys");
        }
        for (Map.Entry<String, RSASSAVerifier> candidate : verifiers.entrySet()) {
            boolean valid;
            try {
                valid = parsed.verify(candidate.getValue());
            }
            catch (JOSEException | RuntimeException ex) {
                throw new BadJwtException("The token's signature could not be verified", ex);
            }
            if (valid) {
                Jwt jwt = toJwt(token, parsed);
                tokens.put(key, new VerifiedTokens.Verified(jwt, candidate.getKey()));
                return jwt;
            }
        }
        throw new BadJwtException("The token's signature is invalid");
    }

    /** The claims converted exactly as Spring's decoders convert them (aud a list, time claims instants...). */
    private static Jwt toJwt(String token, SignedJWT parsed) {
        try {
            Map<String, Object> headers = new LinkedHashMap<>(parsed.getHeader().toJSONObject());
            Map<String, Object> claims = CLAIMS.convert(parsed.getJWTClaimsSet().getClaims());
            return Jwt.withTokenValue(token).headers(h -> h.putAll(headers)).claims(c -> c.putAll(claims)).build();
        }
        catch (ParseException | RuntimeException ex) {
            throw new BadJwtException("An error occurred while attempting to decode the Jwt: Malformed payload", ex);
        }
    }
}
