package io.github.apimoauth.entra;

import java.util.List;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who called, as an Entra app-only token says: tenant (tid), calling app (azp in v2, appid in v1), principal (oid),
 * app roles and token version. Missing claims are null, never guessed.
 *
 * @param tenantId the tid claim
 * @param appId azp, or appid for v1 tokens
 * @param objectId the oid claim
 * @param roles the roles claim, empty when absent
 * @param tokenVersion the ver claim
 */
public record EntraCaller(String tenantId, String appId, String objectId, List<String> roles, String tokenVersion) {

    public static EntraCaller from(Jwt jwt) {
        return new EntraCaller(jwt.getClaimAsString("tid"), appId(jwt), jwt.getClaimAsString("oid"), roles(jwt),
                jwt.getClaimAsString("ver"));
    }

    /** The calling application: azp (v2), else appid (v1). */
    public static String appId(Jwt jwt) {
        String azp = jwt.getClaimAsString("azp");
        return azp != null ? azp : jwt.getClaimAsString("appid");
    }

    /** App roles; a string claim (some issuers send one role that way) counts as a list of one. */
    public static List<String> roles(Jwt jwt) {
        Object roles = jwt.getClaims().get("roles");
        if (roles instanceof String single) {
            return List.of(single);
        }
        if (roles instanceof java.util.Collection<?> many) {
            return many.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }
}
