package io.github.apimoauth.entra;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything that decides whether a hop accepts an Entra access token: one record, from which
 * {@link EntraJwtDecoders} builds the servlet and the reactive decoder with the same validators. Where the hops differ
 * (the gateway checks one tenant per route with APIM's 0 s clock skew; the backend several tenants with 60 s), they
 * differ in these values only. Bad values fail where the record is made, so at start-up.
 *
 * @param authorityHost the Entra authority host; the v2 issuer and the keys endpoint derive from it
 * @param v1IssuerBase the base of v1 issuers (https://sts.windows.net in Azure)
 * @param tenantId the tenant whose keys sign the tokens (Entra signs every tenant's tokens with the same keys)
 * @param allowedTenants the tenants whose exact v1/v2 issuers are accepted
 * @param audiences accepted aud values, any match passes
 * @param tokenVersions accepted token versions, which pick the issuer forms
 * @param clockSkew tolerance on exp and nbf; exp is always required
 * @param jwks how the tenant's keys are cached and refetched
 */
public record EntraTokenSettings(String authorityHost, String v1IssuerBase, String tenantId, Set<String> allowedTenants,
        List<String> audiences, Set<TokenVersion> tokenVersions, Duration clockSkew, JwksSettings jwks) {

    /** Names that stand for many tenants: an issuer built from one would never match, or match too much. */
    private static final Set<String> MULTI_TENANT = Set.of("common", "organizations", "consumers");

    public EntraTokenSettings {
        require(!blank(authorityHost), "authority-host is required");
        require(!blank(v1IssuerBase), "v1-issuer-base is required");
        tenantId = tenant(tenantId, "tenant-id");
        require(allowedTenants != null && !allowedTenants.isEmpty(), "allowed tenants must name at least one tenant: "
                + "their exact issuers are the only ones trusted");
        Set<String> tenants = new LinkedHashSet<>();
        allowedTenants.forEach(t -> tenants.add(tenant(t, "allowed tenants")));
        allowedTenants = Set.copyOf(tenants);
        require(audiences != null && !audiences.isEmpty(), "audiences must name at least one: no audience never means any audience");
        require(audiences.stream().noneMatch(EntraTokenSettings::blank), "audiences must not hold blanks");
        audiences = audiences.stream().map(String::trim).distinct().toList();
        require(tokenVersions != null && !tokenVersions.isEmpty(), "token-versions must name V1, V2 or both");
        tokenVersions = Set.copyOf(tokenVersions);
        require(clockSkew != null && !clockSkew.isNegative(), "clock-skew must not be negative");
        require(jwks != null, "jwks settings are required");
    }

    /** Every issuer accepted: the v1 and/or v2 form of each allowed tenant, compared exactly. */
    public Set<String> issuers() {
        return EntraIssuers.allowed(authorityHost, v1IssuerBase, allowedTenants, tokenVersions);
    }

    /** Where the tenant publishes its signing keys. */
    public String jwksUri() {
        return EntraIssuers.jwksUri(authorityHost, tenantId);
    }

    private static String tenant(String id, String name) {
        require(!blank(id), name + " must not be blank");
        String trimmed = id.trim();
        require(!MULTI_TENANT.contains(trimmed.toLowerCase(Locale.ROOT)),
                name + " must be one tenant's id: '" + trimmed + "' would accept other tenants");
        return trimmed;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("Entra token settings: " + message);
        }
    }
}
