package io.github.apimoauth.emulator.entra;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.config.Fingerprint;
import io.github.apimoauth.emulator.keys.Certificates;
import io.github.apimoauth.emulator.keys.SigningKeys;
import io.github.apimoauth.emulator.web.EmulatorUrls;
import org.springframework.stereotype.Component;

/**
 * Builds Entra-shaped app-only access tokens. The resource app's accessTokenAcceptedVersion picks the shape:
 * v2 carries azp/azpacr and the app id as audience; v1 carries appid/appidacr and the resource as requested.
 */
@Component
public class TokenFactory {

    public record Issued(String accessToken, Instant expiresOn, String resource, String clientId) {
    }

    private static final Logger log = LoggerFactory.getLogger(TokenFactory.class);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SigningKeys keys;

    private final EmulatorUrls urls;

    private final Duration lifetime;

    public TokenFactory(SigningKeys keys, EmulatorUrls urls, EmulatorProperties properties) {
        this.keys = keys;
        this.urls = urls;
        this.lifetime = properties.getTokenLifetime();
    }

    /** The claims a managed identity's token for a resource app carries. */
    public Map<String, Object> standardClaims(Directory.Identity identity, Directory.App app, String requestedResource,
            List<String> roles, Instant now, Duration lifetime) {
        int version = app.tokenVersion();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", version == 2 ? app.appId() : requestedResource);
        claims.put("iss", urls.issuer(identity.tenant(), version));
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("idp", urls.issuer(identity.tenant(), 1));
        claims.put("idtyp", "app");
        if (version == 2) {
            claims.put("azp", identity.clientId());
            claims.put("azpacr", "2");
        }
        else {
            claims.put("appid", identity.clientId());
            claims.put("appidacr", "2");
        }
        claims.put("oid", identity.objectId());
        if (!roles.isEmpty()) {
            claims.put("roles", roles);
        }
        claims.put("sub", identity.objectId());
        claims.put("tid", identity.tenant().id());
        claims.put("uti", uniqueId());
        claims.put("ver", version == 2 ? "2.0" : "1.0");
        claims.put("xms_mirid", "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/emulator/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/" + identity.name());
        return claims;
    }

    /** Issues the token a managed identity receives from the identity endpoint. */
    public Issued issue(Directory.Identity identity, Directory.App app, String requestedResource, List<String> roles) {
        Instant now = Instant.now();
        Map<String, Object> claims = standardClaims(identity, app, requestedResource, roles, now, lifetime);
        String token = sign(claims, Map.of(), app.tokenVersion(), false);
        log.info("Issued a v{} token to {} for {} with roles {} (token {})", app.tokenVersion(), identity.name(),
                requestedResource, roles, Fingerprint.of(token));
        return new Issued(token, now.plus(lifetime), requestedResource, identity.clientId());
    }

    /**
     * Signs arbitrary claims and header fields. With {@code untrusted}, the signature is made with a key no JWKS
     * publishes, which is how tests get a token whose signature must fail.
     */
    public String sign(Map<String, Object> claims, Map<String, Object> headerFields, int version, boolean untrusted) {
        RSAKey key = untrusted ? untrustedSigningKey() : keys.current();
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID());
        if (version == 1 && key.getKeyID() != null) {
            header.x509CertThumbprint(new Base64URL(key.getKeyID()));
        }
        headerFields.forEach((name, value) -> {
            switch (name) {
                case "kid" -> header.keyID(value == null ? null : String.valueOf(value));
                case "x5t" -> header.x509CertThumbprint(value == null ? null : new Base64URL(String.valueOf(value)));
                case "typ" -> header.type(value == null ? null : new JOSEObjectType(String.valueOf(value)));
                case "alg" -> throw new IllegalArgumentException("The header alg is always RS256; craft other algorithms yourself");
                default -> header.customParam(name, value);
            }
        });
        try {
            SignedJWT jwt = new SignedJWT(header.build(), JWTClaimsSet.parse(toNimbusClaims(claims)));
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        }
        catch (JOSEException | java.text.ParseException ex) {
            throw new IllegalArgumentException("Cannot sign these claims: " + ex.getMessage(), ex);
        }
    }

    private static RSAKey untrustedSigningKey() {
        return UntrustedKeyHolder.KEY;
    }

    /** Numeric dates stay numbers in the token; nimbus only needs them as Date for its own parsing. */
    private static Map<String, Object> toNimbusClaims(Map<String, Object> claims) {
        Map<String, Object> out = new LinkedHashMap<>(claims);
        for (String name : List.of("iat", "nbf", "exp")) {
            if (out.get(name) instanceof Number n) {
                out.put(name, n.longValue());
            }
        }
        return out;
    }

    static String uniqueId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Signs "untrusted" minted tokens: a valid RS256 signature that no published key verifies. Made on first use. */
    private static final class UntrustedKeyHolder {

        static final RSAKey KEY;

        static {
            java.security.KeyPair pair = Certificates.newRsaKeyPair();
            KEY = new RSAKey.Builder((java.security.interfaces.RSAPublicKey) pair.getPublic())
                .privateKey(pair.getPrivate())
                .keyID("untrusted-" + uniqueId())
                .build();
        }
    }
}
