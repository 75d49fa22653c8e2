package io.github.apimoauth.emulator.entra;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.web.EmulatorUrls;
import org.springframework.stereotype.Component;

/**
 * Mints tokens with arbitrary claims, header fields and lifetime, for tests of any API: an expired token, one not yet
 * valid, a wrong audience, a missing claim, a foreign tenant, an untrusted signature. Starting from an identity and a
 * resource gives exactly what the identity endpoint would issue; the overrides then change only what the test names.
 */
@Component
public class TokenMinter {

    /**
     * What to mint. Every field is optional.
     *
     * @param tenant tenant name or id; defaults to the identity's tenant, else "home"
     * @param identity identity name whose standard claims to start from
     * @param resource requested resource (identifier URI or app id); with an identity, picks the app and its roles
     * @param version 1 or 2; defaults to the app's accessTokenAcceptedVersion, else 2
     * @param claims claims to set; a null value removes the claim
     * @param header extra header fields (kid, x5t, typ or custom ones)
     * @param lifetimeSeconds exp relative to now; negative for an expired token
     * @param notBeforeSeconds nbf relative to now; positive for a token not valid yet
     * @param untrusted sign with a key that no JWKS publishes
     */
    public record MintRequest(String tenant, String identity, String resource, Integer version, Map<String, Object> claims,
            Map<String, Object> header, Long lifetimeSeconds, Long notBeforeSeconds, Boolean untrusted) {
    }

    public record Minted(String accessToken, String kid, Map<String, Object> claims) {
    }

    private final Directory directory;

    private final TokenFactory tokens;

    private final EmulatorUrls urls;

    public TokenMinter(Directory directory, TokenFactory tokens, EmulatorUrls urls) {
        this.directory = directory;
        this.tokens = tokens;
        this.urls = urls;
    }

    public Minted mint(MintRequest request) {
        Directory.Identity identity = request.identity() == null ? null : directory.findIdentity(request.identity())
            .orElseThrow(() -> new IllegalArgumentException("Unknown identity '" + request.identity() + "'"));
        Directory.App app = request.resource() == null ? null : directory.appForResource(request.resource())
            .orElseThrow(() -> new IllegalArgumentException("Unknown resource '" + request.resource() + "'"));
        Directory.Tenant tenant = request.tenant() != null ? directory.findTenant(request.tenant())
            .orElseThrow(() -> new IllegalArgumentException("Unknown tenant '" + request.tenant() + "'"))
                : identity != null ? identity.tenant() : directory.requireTenant("home");
        int version = request.version() != null ? request.version() : app != null ? app.tokenVersion() : 2;
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("version must be 1 or 2");
        }
        Instant now = Instant.now();
        Duration lifetime = request.lifetimeSeconds() == null ? tokens.lifetime() : Duration.ofSeconds(request.lifetimeSeconds());
        Map<String, Object> claims;
        if (identity != null && app != null) {
            Directory.Identity asTenant = new Directory.Identity(identity.name(), identity.clientId(), identity.objectId(), tenant);
            Directory.App asVersion = new Directory.App(app.name(), app.appId(), app.tenant(), app.identifierUris(), app.appRoles(), version);
            claims = tokens.standardClaims(asTenant, asVersion, request.resource(), directory.rolesOf(identity, app), now, lifetime);
        }
        else {
            claims = new LinkedHashMap<>();
            if (app != null) {
                claims.put("aud", version == 2 ? app.appId() : request.resource());
            }
            claims.put("iss", urls.issuer(tenant, version));
            claims.put("iat", now.getEpochSecond());
            claims.put("nbf", now.getEpochSecond());
            claims.put("exp", now.plus(lifetime).getEpochSecond());
            if (identity != null) {
                claims.put(version == 2 ? "azp" : "appid", identity.clientId());
                claims.put("oid", identity.objectId());
                claims.put("sub", identity.objectId());
                claims.put("idtyp", "app");
            }
            claims.put("tid", tenant.id());
            claims.put("uti", TokenFactory.uniqueId());
            claims.put("ver", version == 2 ? "2.0" : "1.0");
        }
        if (request.notBeforeSeconds() != null) {
            claims.put("nbf", now.plusSeconds(request.notBeforeSeconds()).getEpochSecond());
        }
        if (request.claims() != null) {
            request.claims().forEach((name, value) -> {
                if (value == null) {
                    claims.remove(name);
                }
                else {
                    claims.put(name, value);
                }
            });
        }
        String token = tokens.sign(claims, request.header() == null ? Map.of() : request.header(), version,
                Boolean.TRUE.equals(request.untrusted()));
        return new Minted(token, keyId(token), claims);
    }

    private static String keyId(String token) {
        try {
            return SignedJWT.parse(token).getHeader().getKeyID();
        }
        catch (java.text.ParseException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
