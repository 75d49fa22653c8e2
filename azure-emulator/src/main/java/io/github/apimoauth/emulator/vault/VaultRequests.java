package io.github.apimoauth.emulator.vault;

import java.util.Map;
import java.util.Set;

import io.github.apimoauth.emulator.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * What every Key Vault operation checks before it touches a secret, in Key Vault's order and words: a known
 * api-version, a valid name, then the caller's Azure RBAC data action on the secret (or the vault, for a listing).
 */
@Component
class VaultRequests {

    private static final Set<String> API_VERSIONS = Set.of("7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "2025-07-01");

    private static final String NAME = "^[0-9a-zA-Z-]{1,127}$";

    private final VaultRoleAssignments rbac;

    VaultRequests(VaultRoleAssignments rbac) {
        this.rbac = rbac;
    }

    /** Key Vault's secret data actions, each with the role that holds it: Secrets User reads, Secrets Officer does all. */
    enum DataAction {
        GET_SECRET("getSecret/action", false),
        READ_METADATA("readMetadata/action", false),
        SET_SECRET("setSecret/action", true),
        DELETE("delete", true),
        RECOVER("recover/action", true),
        PURGE("purge/action", true);

        private final String id;

        private final boolean officerOnly;

        DataAction(String id, boolean officerOnly) {
            this.id = id;
            this.officerOnly = officerOnly;
        }
    }

    void check(String name, String apiVersion) {
        if (apiVersion == null || apiVersion.isBlank()) {
            throw badParameter("The 'api-version' query parameter is required.");
        }
        if (!API_VERSIONS.contains(apiVersion)) {
            throw badParameter("The specified version (" + apiVersion + ") is not recognized. Consider using " + API_VERSIONS + ".");
        }
        if (name != null && !name.matches(NAME)) {
            throw badParameter("The secret name '" + name + "' is invalid: use 1-127 letters, digits and dashes.");
        }
    }

    /** The secret is null for a listing, which only a role on the whole vault covers. */
    void authorize(ServerWebExchange exchange, String secret, DataAction action) {
        String oid = exchange.getAttribute(VaultAuthenticationFilter.CALLER_OID);
        boolean allowed = oid != null && (action.officerOnly ? rbac.canWrite(oid, secret) : rbac.canRead(oid, secret));
        if (!allowed) {
            String resource = secret == null ? "the vault" : "secret '" + secret + "'";
            throw new ApiException(HttpStatus.FORBIDDEN, Map.of("error", Map.of("code", "Forbidden", "message",
                    "Caller is not authorized to perform action on resource. Caller: oid=" + oid + "; Action: "
                            + "'Microsoft.KeyVault/vaults/secrets/" + action.id + "'; Resource: " + resource
                            + "; Assignment: (not found)",
                    "innererror", Map.of("code", "ForbiddenByRbac"))));
        }
    }

    static ApiException notFound(String name, String version) {
        String what = version == null || version.isEmpty() ? "" : " with version '" + version + "'";
        return ApiException.azure(HttpStatus.NOT_FOUND, "SecretNotFound",
                "A secret with (name/id) " + name + what + " was not found in this key vault.");
    }

    static ApiException deletedNotFound(String name) {
        return ApiException.azure(HttpStatus.NOT_FOUND, "SecretNotFound",
                "A deleted secret with (name/id) " + name + " was not found in this key vault.");
    }

    static ApiException badParameter(String message) {
        return ApiException.azure(HttpStatus.BAD_REQUEST, "BadParameter", message);
    }
}
