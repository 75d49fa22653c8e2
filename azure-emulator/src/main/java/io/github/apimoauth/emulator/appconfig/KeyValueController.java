package io.github.apimoauth.emulator.appconfig;

import java.util.Map;

import reactor.core.publisher.Mono;

import io.github.apimoauth.emulator.appconfig.AppConfigurationRoleAssignments.Action;
import io.github.apimoauth.emulator.appconfig.KeyValueStore.KeyValue;
import io.github.apimoauth.emulator.counters.Counters;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import static io.github.apimoauth.emulator.appconfig.AppConfigurationRequests.checkKey;
import static io.github.apimoauth.emulator.appconfig.AppConfigurationRequests.requireMatch;
import static io.github.apimoauth.emulator.appconfig.AppConfigurationRequests.requireWritePreconditions;
import static io.github.apimoauth.emulator.appconfig.KeyValueStore.normalizeLabel;

/**
 * One key-value of App Configuration's data plane, as azure-data-appconfiguration 1.8.5 calls it: get (conditionally,
 * with If-None-Match answering 304), set, delete, lock and unlock, each by key and label (absent or {@code %00}: the
 * null label). Listings are in {@link KeyValueListController}.
 */
@RestController
class KeyValueController {

    private final KeyValueStore store;

    private final AppConfigurationRequests requests;

    private final KeyValueBodies bodies;

    private final Counters counters;

    KeyValueController(KeyValueStore store, AppConfigurationRequests requests, KeyValueBodies bodies, Counters counters) {
        this.store = store;
        this.requests = requests;
        this.bodies = bodies;
        this.counters = counters;
    }

    @GetMapping("/kv/{key}")
    ResponseEntity<String> get(@PathVariable String key, @RequestParam(required = false) String label,
            @RequestParam(name = "api-version", required = false) String apiVersion,
            @RequestParam(name = "$Select", required = false) String select,
            @RequestParam(name = "$select", required = false) String selectLowerCase, ServerWebExchange exchange) {
        requests.check(exchange, apiVersion, Action.READ);
        checkKey(key);
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String l = normalizeLabel(label);
        KeyValue kv = store.get(key, l).orElseThrow(() -> AppConfigurationProblems.notFound(key, l));
        requireMatch(headers, kv.etag());
        if (AppConfigurationRequests.notModified(headers, kv.etag())) {
            counters.appConfigurationNotModified(key);
            return bodies.notModified(kv.etag());
        }
        counters.appConfigurationRead(key);
        return bodies.one(kv, KeyValueBodies.select(select != null ? select : selectLowerCase));
    }

    @PutMapping("/kv/{key}")
    Mono<ResponseEntity<String>> set(@PathVariable String key, @RequestParam(required = false) String label,
            @RequestParam(name = "api-version", required = false) String apiVersion,
            @RequestBody(required = false) Mono<Map<String, Object>> body, ServerWebExchange exchange) {
        requests.check(exchange, apiVersion, Action.WRITE);
        checkKey(key);
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String l = normalizeLabel(label);
        return body.defaultIfEmpty(Map.of()).map(b -> {
            Fields f = Fields.from(b);
            KeyValue kv = store.set(key, l, f.value(), f.contentType(), f.tags(), current -> {
                requireWritePreconditions(headers, current);
                requireUnlocked(key, current);
            });
            counters.appConfigurationWrite(key);
            return bodies.one(kv, KeyValueBodies.select(null));
        });
    }

    @DeleteMapping("/kv/{key}")
    ResponseEntity<String> delete(@PathVariable String key, @RequestParam(required = false) String label,
            @RequestParam(name = "api-version", required = false) String apiVersion, ServerWebExchange exchange) {
        requests.check(exchange, apiVersion, Action.DELETE);
        checkKey(key);
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return store.delete(key, normalizeLabel(label), current -> {
            requireWritePreconditions(headers, current);
            requireUnlocked(key, current);
        }).map(kv -> {
            counters.appConfigurationWrite(key);
            return bodies.one(kv, KeyValueBodies.select(null));
        }).orElseGet(bodies::noContent);
    }

    /** Makes a key-value read-only, as {@code setReadOnly(…, true)} does. */
    @PutMapping("/locks/{key}")
    ResponseEntity<String> lock(@PathVariable String key, @RequestParam(required = false) String label,
            @RequestParam(name = "api-version", required = false) String apiVersion, ServerWebExchange exchange) {
        return setLock(key, label, apiVersion, exchange, true);
    }

    @DeleteMapping("/locks/{key}")
    ResponseEntity<String> unlock(@PathVariable String key, @RequestParam(required = false) String label,
            @RequestParam(name = "api-version", required = false) String apiVersion, ServerWebExchange exchange) {
        return setLock(key, label, apiVersion, exchange, false);
    }

    private ResponseEntity<String> setLock(String key, String label, String apiVersion, ServerWebExchange exchange, boolean locked) {
        requests.check(exchange, apiVersion, Action.WRITE);
        checkKey(key);
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String l = normalizeLabel(label);
        KeyValue kv = store.lock(key, l, locked, current -> requireWritePreconditions(headers, current))
            .orElseThrow(() -> AppConfigurationProblems.notFound(key, l));
        counters.appConfigurationWrite(key);
        return bodies.one(kv, KeyValueBodies.select(null));
    }

    private static void requireUnlocked(String key, KeyValue current) {
        if (current != null && current.locked()) {
            throw AppConfigurationProblems.keyLocked(key);
        }
    }

    /** The writable fields of a set body, validated; the whole key-value is limited to 10 KB, as in the service. */
    private record Fields(String value, String contentType, Map<String, String> tags) {

        private static final int MAX_CHARS = 10 * 1024;

        @SuppressWarnings("unchecked")
        static Fields from(Map<String, Object> body) {
            Object value = body.get("value");
            Object contentType = body.get("content_type");
            Object tags = body.get("tags");
            if (value != null && !(value instanceof String)) {
                throw AppConfigurationProblems.invalidArgument("value", "value must be a string or null.");
            }
            if (contentType != null && !(contentType instanceof String)) {
                throw AppConfigurationProblems.invalidArgument("content_type", "content_type must be a string or null.");
            }
            if (tags != null && !(tags instanceof Map<?, ?> m && m.values().stream().allMatch(v -> v == null || v instanceof String))) {
                throw AppConfigurationProblems.invalidArgument("tags", "tags must be an object of strings.");
            }
            Map<String, String> t = tags == null ? Map.of() : new java.util.LinkedHashMap<>((Map<String, String>) tags);
            int size = length(value) + length(contentType) + t.entrySet().stream().mapToInt(e -> length(e.getKey()) + length(e.getValue())).sum();
            if (size > MAX_CHARS) {
                throw AppConfigurationProblems.invalidArgument("value", "A key-value is limited to 10 KB.");
            }
            return new Fields((String) value, (String) contentType, t);
        }

        private static int length(Object s) {
            return s == null ? 0 : ((String) s).length();
        }
    }
}
