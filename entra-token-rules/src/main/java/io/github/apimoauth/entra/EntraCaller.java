package io.github.apimoauth.entra;

import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who called, as an Entra app-only token says: tenant (tid), calling app (azp in v2, appid in v1), principal (oid),
 * app roles and token version. Missing claims are null, never guessed. Each hop parses a request's token into one
 * caller, once, and passes it on (the gateway in an exchange attribute, the backend in a request attribute).
 *
 * @param tenantId the tid claim
 * @param appId azp, or appid for v1 tokens
 * @param objectId the oid claim
 * @param roles the roles claim, empty when absent
 * @param tokenVersion the ver claim
 */
public record EntraCaller(String tenantId, String appId, String objectId, List<String> roles, String tokenVersion) {

    public static EntraCaller from(Jwt jwt) {
        return fromClaims(jwt.getClaims());
    }

    /** From a claims map, validated or not: callers that only display a token (never trust it) use this. */
    public static EntraCaller fromClaims(Map<String, Object> claims) {
        return new EntraCaller(string(claims, "tid"), appId(claims), string(claims, "oid"), roles(claims), string(claims, "ver"));
    }

    /** The calling application: azp (v2), else appid (v1). */
    private static String appId(Map<String, Object> claims) {
        String azp = string(claims, "azp");
        return azp != null ? azp : string(claims, "appid");
    }

    /** App roles; a string claim (some issuers send one role that way) counts as a list of one. */
    private static List<String> roles(Map<String, Object> claims) {
        Object roles = claims.get("roles");
        if (roles instanceof String single) {
            return List.of(single);
        }
        if (roles instanceof java.util.Collection<?> many) {
            return many.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private static String string(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof String value ? value : null;
    }
}
