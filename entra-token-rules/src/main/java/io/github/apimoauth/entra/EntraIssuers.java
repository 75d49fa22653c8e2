package io.github.apimoauth.entra;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The issuer forms of Entra ID access tokens. A v2 token's iss is {authority}/{tid}/v2.0. A v1 token's iss is
 * https://sts.windows.net/{tid}/ in Azure: its base is not the authority host, so it is configured on its own
 * (the local emulator uses its authority host). Issuers are always compared exactly, never as a prefix: Entra signs
 * every tenant's tokens with the same keys, so the exact issuer is what keeps other tenants out.
 */
public final class EntraIssuers {

    /** The v1 issuer base in Azure's public cloud. */
    public static final String AZURE_V1_ISSUER_BASE = "https://sts.windows.net";

    private EntraIssuers() {
    }

    public static String v2(String authorityHost, String tenantId) {
        return trimSlash(authorityHost) + "/" + tenantId + "/v2.0";
    }

    public static String v1(String v1IssuerBase, String tenantId) {
        return trimSlash(v1IssuerBase) + "/" + tenantId + "/";
    }

    /** Every issuer accepted for these tenants and token versions. */
    public static Set<String> allowed(String authorityHost, String v1IssuerBase, Collection<String> tenantIds,
            Collection<TokenVersion> versions) {
        Set<String> issuers = new LinkedHashSet<>();
        for (String tenantId : tenantIds) {
            if (versions.contains(TokenVersion.V1)) {
                issuers.add(v1(v1IssuerBase, tenantId));
            }
            if (versions.contains(TokenVersion.V2)) {
                issuers.add(v2(authorityHost, tenantId));
            }
        }
        return issuers;
    }

    /** Where Entra publishes a tenant's signing keys; the same keys serve v1 and v2 tokens. */
    public static String jwksUri(String authorityHost, String tenantId) {
        return trimSlash(authorityHost) + "/" + tenantId + "/discovery/v2.0/keys";
    }

    static String trimSlash(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("An Entra URL is required (authority host or v1 issuer base)");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
