package io.github.apimoauth.emulator.vault;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import io.github.apimoauth.emulator.counters.Counters;
import io.github.apimoauth.emulator.vault.VaultRequests.DataAction;
import io.github.apimoauth.emulator.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import static io.github.apimoauth.emulator.vault.VaultRequests.badParameter;
import static io.github.apimoauth.emulator.vault.VaultRequests.notFound;

/**
 * The Key Vault secrets REST API as azure-security-keyvault-secrets 4.11 calls it: get (latest or a version), set,
 * list versions, list secrets and update attributes, with Key Vault's JSON shapes and error codes. Soft delete and
 * what follows it are in {@link DeletedSecretsController}.
 */
@RestController
class KeyVaultController {

    private final SecretStore store;

    private final VaultRequests requests;

    private final SecretBundles bundles;

    private final Counters counters;

    KeyVaultController(SecretStore store, VaultRequests requests, SecretBundles bundles, Counters counters) {
        this.store = store;
        this.requests = requests;
        this.bundles = bundles;
        this.counters = counters;
    }

    @GetMapping({ "/secrets/{name}", "/secrets/{name}/", "/secrets/{name}/{version}" })
    Map<String, Object> get(@PathVariable String name, @PathVariable(required = false) String version,
            @RequestParam(name = "api-version", required = false) String apiVersion, ServerWebExchange exchange) {
        requests.check(name, apiVersion);
        requests.authorize(exchange, name, DataAction.GET_SECRET);
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
        return bundles.bundle(v, true);
    }

    @GetMapping("/secrets/{name}/versions")
    Map<String, Object> versions(@PathVariable String name, @RequestParam(name = "api-version", required = false) String apiVersion,
            ServerWebExchange exchange) {
        requests.check(name, apiVersion);
        requests.authorize(exchange, name, DataAction.READ_METADATA);
        List<SecretStore.Version> versions = store.versions(name);
        if (versions.isEmpty()) {
            throw notFound(name, null);
        }
        return SecretBundles.page(versions.stream().map(v -> bundles.bundle(v, false)).toList());
    }

    @GetMapping({ "/secrets", "/secrets/" })
    Map<String, Object> list(@RequestParam(name = "api-version", required = false) String apiVersion, ServerWebExchange exchange) {
        requests.check(null, apiVersion);
        requests.authorize(exchange, null, DataAction.READ_METADATA);
        return SecretBundles.page(store.latestOfEach().stream().map(bundles::item).toList());
    }

    @PutMapping("/secrets/{name}")
    Mono<Map<String, Object>> set(@PathVariable String name, @RequestParam(name = "api-version", required = false) String apiVersion,
            @RequestBody(required = false) Mono<Map<String, Object>> body, ServerWebExchange exchange) {
        requests.check(name, apiVersion);
        requests.authorize(exchange, name, DataAction.SET_SECRET);
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
            return bundles.bundle(store.set(name, s, a.contentType(), a.tags(), a.enabled(), a.nbf(), a.exp()), true);
        });
    }

    @PatchMapping({ "/secrets/{name}/", "/secrets/{name}/{version}" })
    Mono<Map<String, Object>> update(@PathVariable String name, @PathVariable(required = false) String version,
            @RequestParam(name = "api-version", required = false) String apiVersion,
            @RequestBody(required = false) Mono<Map<String, Object>> body, ServerWebExchange exchange) {
        requests.check(name, apiVersion);
        requests.authorize(exchange, name, DataAction.SET_SECRET);
        return body.switchIfEmpty(Mono.error(() -> badParameter("The request body is required."))).map(b -> {
            Attributes a = Attributes.from(b);
            return bundles.bundle(store.update(name, version == null ? "" : version, a.enabled(), a.nbf(), a.exp(), a.contentType(), a.tags())
                .orElseThrow(() -> notFound(name, version)), false);
        });
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
