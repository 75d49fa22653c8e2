package io.github.apimoauth.emulator.appconfig;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.apimoauth.emulator.appconfig.AppConfigurationRoleAssignments.Action;
import io.github.apimoauth.emulator.appconfig.KeyValueStore.KeyValue;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * What every App Configuration operation checks before it touches a key-value, in the service's order: a known
 * api-version, well-formed Sync-Token and filters, then the caller's Azure RBAC action on the store. Also the
 * conditional-request rules: If-Match and If-None-Match with an ETag or {@code *}.
 */
@Component
class AppConfigurationRequests {

    /** The GA data-plane versions; azure-data-appconfiguration 1.8.5 sends 2023-11-01. */
    static final Set<String> API_VERSIONS = Set.of("1.0", "2023-10-01", "2023-11-01", "2024-09-01", "2026-04-01");

    /** id=value, optionally ;sn=N, comma-separated; the value is base64 and may end in '='. */
    private static final Pattern SYNC_TOKEN = Pattern.compile("^[^=;,\\s]+=[^;,\\s]+(;sn=\\d+)?$");

    private final AppConfigurationRoleAssignments rbac;

    AppConfigurationRequests(AppConfigurationRoleAssignments rbac) {
        this.rbac = rbac;
    }

    /** Validates what every request carries; then authorizes the action. */
    void check(ServerWebExchange exchange, String apiVersion, Action action) {
        if (apiVersion == null || apiVersion.isBlank()) {
            throw AppConfigurationProblems.invalidArgument("api-version", "The 'api-version' query parameter is required.");
        }
        if (!API_VERSIONS.contains(apiVersion)) {
            throw AppConfigurationProblems.invalidArgument("api-version", "The api-version '" + apiVersion
                    + "' is not supported. Supported versions: " + API_VERSIONS.stream().sorted().toList() + ".");
        }
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getFirst("Accept-Datetime") != null) {
            throw AppConfigurationProblems.notEmulated("Accept-Datetime");
        }
        // The SDK sends the header on every request, empty until the store has answered with a token.
        String syncTokens = request.getHeaders().getFirst("Sync-Token");
        if (syncTokens != null && !syncTokens.isBlank()
                && !Arrays.stream(syncTokens.split(",")).map(String::trim).allMatch(t -> SYNC_TOKEN.matcher(t).matches())) {
            throw AppConfigurationProblems.invalidArgument("Sync-Token",
                    "Sync-Token must be <id>=<value>[;sn=<sn>], comma-separated for several.");
        }
        String oid = exchange.getAttribute(AppConfigurationAuthenticationFilter.CALLER_OID);
        if (oid == null || !rbac.allows(oid, action)) {
            throw AppConfigurationProblems.forbidden(oid, action);
        }
    }

    /** A key as the service accepts it: not empty, not . or .., no %. */
    static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.equals(".") || key.equals("..") || key.contains("%")) {
            throw AppConfigurationProblems.invalidArgument("key", "A key cannot be empty, '.' or '..', nor contain '%'.");
        }
    }

    static KeyValueFilter filter(String name, String value, boolean label) {
        try {
            return KeyValueFilter.parse(value, label);
        }
        catch (IllegalArgumentException ex) {
            throw AppConfigurationProblems.invalidArgument(name, name + ex.getMessage());
        }
    }

    /** If-None-Match on a read: whether the current representation is the one the client holds (answer 304). */
    static boolean notModified(HttpHeaders headers, String currentEtag) {
        List<String> tags = etags(headers.getFirst(HttpHeaders.IF_NONE_MATCH));
        return currentEtag != null && (tags.contains("*") || tags.contains(currentEtag));
    }

    /** If-Match on a read: refused with 412 unless the current representation matches. */
    static void requireMatch(HttpHeaders headers, String currentEtag) {
        String ifMatch = headers.getFirst(HttpHeaders.IF_MATCH);
        List<String> tags = etags(ifMatch);
        if (ifMatch != null && (currentEtag == null || !(tags.contains("*") || tags.contains(currentEtag)))) {
            throw AppConfigurationProblems.preconditionFailed("If-Match", "The current ETag does not match If-Match " + ifMatch + ".");
        }
    }

    /** The preconditions of a write (set, delete, lock), checked against the current key-value under the store's lock. */
    static void requireWritePreconditions(HttpHeaders headers, KeyValue current) {
        String etag = current == null ? null : current.etag();
        requireMatch(headers, etag);
        String ifNoneMatch = headers.getFirst(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && notModified(headers, etag)) {
            throw AppConfigurationProblems.preconditionFailed("If-None-Match",
                    "The key-value exists with an ETag that If-None-Match " + ifNoneMatch + " excludes.");
        }
    }

    /** The ETags of a header: "x", W/"x" or *, comma-separated. */
    private static List<String> etags(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(String::trim).map(t -> t.startsWith("W/") ? t.substring(2) : t)
            .map(t -> t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t)
            .toList();
    }
}
