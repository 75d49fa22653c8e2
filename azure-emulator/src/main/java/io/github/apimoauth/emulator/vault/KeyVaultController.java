package io.github.apimoauth.emulator.vault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import reactor.core.publisher.Mono;

import io.github.apimoauth.emulator.admin.Counters;
import io.github.apimoauth.emulator.web.ApiException;
import io.github.apimoauth.emulator.web.EmulatorUrls;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The Key Vault secrets REST API as azure-security-keyvault-secrets 4.11 calls it: get (latest or a version), set,
 * list versions, list secrets and update attributes, with Key Vault's JSON shapes and error codes.
 */
@RestController
class KeyVaultController {

    private static final Set<String> API_VERSIONS = Set.of("7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "2025-07-01");

    private static final String NAME = "^[0-9a-zA-Z-]{1,127}$";

    private final SecretStore store;

    private final VaultRoleAssignments rbac;

    private final Counters counters;

    private final EmulatorUrls urls;

    KeyVaultController(SecretStore store, VaultRoleAssignments rbac, Counters counters, EmulatorUrls urls) {
        this.store = store;
        this.rbac = rbac;
        this.counters = counters;
        this.urls = urls;
    }

    @GetMapping({ "/secrets/{name}", "/secrets/{name}/", "/secrets/{name}/{version}" })
    Map<String, Object> get(@PathVariable String name, @PathVariable(required = false) String version,
            @RequestParam(name = "api-version", required = false) String apiVersion, ServerWebExchange exchange) {
        checkRequest(name, apiVersion);
        authorize(exchange, name, false, "getSecret");
        counters.keyVaultRead(name);
        SecretStore.Version v = (version == null || version.isEmpty() ? store.latest(name) : store.version(name, version))
            .orElseThrow(() -> notFound(name, version));
        if (!v.enabled()) {
            throw new ApiException(HttpStatus.FORBIDDEN, Map.of("error", Map.of("code", "Forbidden", "message",
                    "Operation get is not allowed on a disabled secret.", "innererror", Map.of("code", "SecretDisabled"))));
        }
        long now = System.currentTimeMillis() / 1000;
        if ((v.nbf() != null && now < v.nbf()) || (v.exp() != null && now >= v.exp())) {
            throw new ApiException(HttpStatus.FORBIDDEN, Map.of("error", Map.of("code", "Forbidden", "message",
                    "Operation get is not allowed on a secret outside its nbf/exp validity period.", "innererror",
                    Map.of("code", "SecretNotValid"))));
        }
        return bundle(v, true);
    }

    @GetMapping("/secrets/{name}/versions")
    Map<String, Object> versions(@PathVariable String name, @RequestParam(name = "api-version", required = false) String apiVersion,
            ServerWebExchange exchange) {
        checkRequest(name, apiVersion);
        authorize(exchange, name, false, "readMetadata");
        List<SecretStore.Version> versions = store.versions(name);
        if (versions.isEmpty()) {
            throw notFound(name, null);
        }
        return page(versions.stream().map(v -> bundle(v, false)).toList());
    }

    @GetMapping({ "/secrets", "/secrets/" })
    Map<String, Object> list(@RequestParam(name = "api-version", required = false) String apiVersion, ServerWebExchange exchange) {
        checkRequest(null, apiVersion);
        authorize(exchange, null, false, "readMetadata");
        return page(store.latestOfEach().stream().map(v -> {
            Map<String, Object> item = bundle(v, false);
            item.put("id", urls.vaultUrl() + "/secrets/" + v.name());
            return item;
        }).toList());
    }

    @PutMapping("/secrets/{name}")
    Mono<Map<String, Object>> set(@PathVariable String name, @RequestParam(name = "api-version", required = false) String apiVersion,
            @RequestBody(required = false) Mono<Map<String, Object>> body, ServerWebExchange exchange) {
        checkRequest(name, apiVersion);
        authorize(exchange, name, true, "setSecret");
        return body.switchIfEmpty(Mono.error(() -> badParameter("The request body is required."))).map(b -> {
            Object value = b.get("value");
            if (!(value instanceof String s)) {
                throw badParameter("The secret value is required and must be a string.");
            }
            if (s.length() > 25 * 1024) {
                throw badParameter("The secret value is larger than 25 KB.");
            }
            Attributes a = Attributes.from(b);
            counters.keyVaultWrite(name);
            return bundle(store.set(name, s, a.contentType(), a.tags(), a.enabled(), a.nbf(), a.exp()), true);
        });
    }

    @PatchMapping({ "/secrets/{name}/", "/secrets/{name}/{version}" })
    Mono<Map<String, Object>> update(@PathVariable String name, @PathVariable(required = false) String version,
            @RequestParam(name = "api-version", required = false) String apiVersion,
            @RequestBody(required = false) Mono<Map<String, Object>> body, ServerWebExchange exchange) {
        checkRequest(name, apiVersion);
        authorize(exchange, name, true, "setSecret");
        return body.switchIfEmpty(Mono.error(() -> badParameter("The request body is required."))).map(b -> {
            Attributes a = Attributes.from(b);
            return bundle(store.update(name, version == null ? "" : version, a.enabled(), a.nbf(), a.exp(), a.contentType(), a.tags())
                .orElseThrow(() -> notFound(name, version)), false);
        });
    }

    private void checkRequest(String name, String apiVersion) {
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

    private void authorize(ServerWebExchange exchange, String secret, boolean write, String action) {
        String oid = exchange.getAttribute(VaultAuthenticationFilter.CALLER_OID);
        boolean allowed = oid != null && (write ? rbac.canWrite(oid, secret) : rbac.canRead(oid, secret));
        if (!allowed) {
            String resource = secret == null ? "the vault" : "secret '" + secret + "'";
            throw new ApiException(HttpStatus.FORBIDDEN, Map.of("error", Map.of("code", "Forbidden", "message",
                    "Caller is not authorized to perform action on resource. Caller: oid=" + oid + "; Action: "
                            + "'Microsoft.KeyVault/vaults/secrets/" + action + "/action'; Resource: " + resource
                            + "; Assignment: (not found)",
                    "innererror", Map.of("code", "ForbiddenByRbac"))));
        }
    }

    private Map<String, Object> bundle(SecretStore.Version v, boolean withValue) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (withValue) {
            out.put("value", v.value());
        }
        out.put("id", urls.vaultUrl() + "/secrets/" + v.name() + "/" + v.version());
        if (v.contentType() != null) {
            out.put("contentType", v.contentType());
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("enabled", v.enabled());
        if (v.nbf() != null) {
            attributes.put("nbf", v.nbf());
        }
        if (v.exp() != null) {
            attributes.put("exp", v.exp());
        }
        attributes.put("created", v.created());
        attributes.put("updated", v.updated());
        attributes.put("recoveryLevel", "Recoverable+Purgeable");
        attributes.put("recoverableDays", 90);
        out.put("attributes", attributes);
        out.put("tags", v.tags());
        return out;
    }

    private static Map<String, Object> page(List<Map<String, Object>> items) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", items);
        out.put("nextLink", null);
        return out;
    }

    private static ApiException notFound(String name, String version) {
        String what = version == null || version.isEmpty() ? "" : " with version '" + version + "'";
        return ApiException.azure(HttpStatus.NOT_FOUND, "SecretNotFound",
                "A secret with (name/id) " + name + what + " was not found in this key vault.");
    }

    static ApiException badParameter(String message) {
        return ApiException.azure(HttpStatus.BAD_REQUEST, "BadParameter", message);
    }

    /** The optional parts of a set or update body, validated. */
    private record Attributes(String contentType, Map<String, String> tags, Boolean enabled, Long nbf, Long exp) {

        @SuppressWarnings("unchecked")
        static Attributes from(Map<String, Object> body) {
            Object contentType = body.get("contentType");
            if (contentType != null && !(contentType instanceof String)) {
                throw badParameter("contentType must be a string.");
            }
            Object tags = body.get("tags");
            if (tags != null && !(tags instanceof Map<?, ?> m && m.values().stream().allMatch(String.class::isInstance))) {
                throw badParameter("tags must be an object of strings.");
            }
            Object attributes = body.getOrDefault("attributes", Map.of());
            if (!(attributes instanceof Map<?, ?> attrs)) {
                throw badParameter("attributes must be an object.");
            }
            Object enabled = attrs.get("enabled");
            if (enabled != null && !(enabled instanceof Boolean)) {
                throw badParameter("attributes.enabled must be true or false.");
            }
            return new Attributes((String) contentType, (Map<String, String>) tags, (Boolean) enabled,
                    epoch(attrs.get("nbf"), "nbf"), epoch(attrs.get("exp"), "exp"));
        }

        private static Long epoch(Object value, String name) {
            if (value == null) {
                return null;
            }
            if (!(value instanceof Number n)) {
                throw badParameter("attributes." + name + " must be epoch seconds.");
            }
            return n.longValue();
        }
    }
}
