package io.github.apimoauth.emulator.entra;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.keys.SigningKeys;
import io.github.apimoauth.emulator.web.EmulatorUrls;
import org.springframework.stereotype.Component;

/**
 * How an emulated Azure data plane (Key Vault, App Configuration, Application Insights ingestion) accepts an Entra
 * access token: a signature from the emulator's own keys, the resource's tenant, one of its audiences, a current
 * lifetime and an oid. Each service words the refusal its own way, so a refusal carries only the {@link Reason}.
 */
@Component
public class AccessTokenCheck {

    /** Why a token is refused, in the order the checks run. */
    public enum Reason {
        MALFORMED, ALGORITHM, SIGNATURE, ISSUER, AUDIENCE, EXPIRED, NOT_YET_VALID, NO_OID
    }

    /** A refused token; no stack trace, as it is an answer, not a failure. */
    public static final class Rejected extends RuntimeException {

        private final Reason reason;

        Rejected(Reason reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private static final long CLOCK_SKEW_SECONDS = 60;

    private final SigningKeys keys;

    private final EmulatorUrls urls;

    public AccessTokenCheck(SigningKeys keys, EmulatorUrls urls) {
        this.keys = keys;
        this.urls = urls;
    }

    /** Returns the caller's object id (oid), or throws {@link Rejected}. */
    public String verify(String token, Directory.Tenant tenant, Set<String> audiences) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        }
        catch (ParseException ex) {
            throw new Rejected(Reason.MALFORMED);
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new Rejected(Reason.ALGORITHM);
        }
        JWK jwk = jwt.getHeader().getKeyID() == null ? null : keys.publicJwks().getKeyByKeyId(jwt.getHeader().getKeyID());
        if (!(jwk instanceof RSAKey rsa) || !signedBy(jwt, rsa)) {
            throw new Rejected(Reason.SIGNATURE);
        }
        if (!issuers(tenant).contains(claims.getIssuer()) || !tenant.id().equals(stringClaim(claims, "tid"))) {
            throw new Rejected(Reason.ISSUER);
        }
        if (claims.getAudience().stream().noneMatch(audiences::contains)) {
            throw new Rejected(Reason.AUDIENCE);
        }
        Instant now = Instant.now();
        Date exp = claims.getExpirationTime();
        if (exp == null || now.isAfter(exp.toInstant().plusSeconds(CLOCK_SKEW_SECONDS))) {
            throw new Rejected(Reason.EXPIRED);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plusSeconds(CLOCK_SKEW_SECONDS).isBefore(nbf.toInstant())) {
            throw new Rejected(Reason.NOT_YET_VALID);
        }
        String oid = stringClaim(claims, "oid");
        if (oid == null || oid.isBlank()) {
            throw new Rejected(Reason.NO_OID);
        }
        return oid;
    }

    /** The issuers a tenant's v1 and v2 tokens carry. */
    public List<String> issuers(Directory.Tenant tenant) {
        return List.of(urls.issuer(tenant, 1), urls.issuer(tenant, 2));
    }

    private static boolean signedBy(SignedJWT jwt, RSAKey key) {
        try {
            return jwt.verify(new RSASSAVerifier(key));
        }
        catch (JOSEException ex) {
            return false;
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s ? s : null;
    }
}
