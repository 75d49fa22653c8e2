package io.github.apimoauth.emulator.appconfig;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.github.apimoauth.emulator.appconfig.AppConfigurationRoleAssignments.Action;
import io.github.apimoauth.emulator.appconfig.KeyValueStore.KeyValue;
import io.github.apimoauth.emulator.counters.Counters;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Listing key-values by key, label and tag filters, in pages of 100 as the service pages them. Each page carries an
 * ETag of its own; If-None-Match with it answers 304 (with the Link header, so a client still walks on to the next
 * page), If-Match with another one answers 412. The next page is named by {@code @nextLink} and the {@code Link}
 * header, a relative URI holding every filter, the api-version and {@code after}.
 */
@RestController
class KeyValueListController {

    static final int PAGE_SIZE = 100;

    private static final int MAX_TAG_FILTERS = 5;

    private final KeyValueStore store;

    private final AppConfigurationRequests requests;

    private final KeyValueBodies bodies;

    private final Counters counters;

    KeyValueListController(KeyValueStore store, AppConfigurationRequests requests, KeyValueBodies bodies, Counters counters) {
        this.store = store;
        this.requests = requests;
        this.bodies = bodies;
        this.counters = counters;
    }

    @GetMapping("/kv")
    ResponseEntity<String> list(@RequestParam MultiValueMap<String, String> query, ServerWebExchange exchange) {
        requests.check(exchange, query.getFirst("api-version"), Action.READ);
        if (query.getFirst("snapshot") != null) {
            throw AppConfigurationProblems.notEmulated("snapshot");
        }
        String keyFilter = query.getFirst("key");
        String labelFilter = query.getFirst("label");
        String selectName = query.containsKey("$Select") ? "$Select" : "$select";
        Set<String> select = KeyValueBodies.select(query.getFirst(selectName));
        KeyValueFilter keys = AppConfigurationRequests.filter("key", keyFilter, false);
        KeyValueFilter labels = AppConfigurationRequests.filter("label", labelFilter, true);
        Predicate<KeyValue> tags = tags(query.getOrDefault("tags", List.of()));
        String after = query.getFirst("after") != null ? query.getFirst("after") : query.getFirst("After");
        KeyValue start = after == null ? null : decodeAfter(after);

        List<KeyValue> matching = store.list(kv -> keys.matches(kv.key()) && labels.matches(kv.label()) && tags.test(kv)
                && (start == null || KeyValueStore.ORDER.compare(kv, start) > 0));
        List<KeyValue> page = matching.subList(0, Math.min(PAGE_SIZE, matching.size()));
        String nextLink = null;
        if (matching.size() > PAGE_SIZE) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("key", keyFilter);
            params.put("label", labelFilter);
            params.put("tags", query.get("tags"));
            params.put(selectName, query.getFirst(selectName));
            params.put("api-version", query.getFirst("api-version"));
            params.put("after", encodeAfter(page.get(page.size() - 1)));
            nextLink = link(params);
        }
        String etag = etag(page, after);
        String counted = "list:" + (keyFilter == null ? "*" : keyFilter);
        HttpHeaders headers = exchange.getRequest().getHeaders();
        AppConfigurationRequests.requireMatch(headers, etag);
        if (AppConfigurationRequests.notModified(headers, etag)) {
            counters.appConfigurationNotModified(counted);
            return bodies.pageNotModified(nextLink, etag);
        }
        counters.appConfigurationRead(counted);
        return bodies.page(page, select, nextLink, etag);
    }

    /** Tag filters: name=value, each an exact match; a value of \0 (%00) matches a tag whose value is null. */
    private static Predicate<KeyValue> tags(List<String> filters) {
        if (filters.size() > MAX_TAG_FILTERS) {
            throw AppConfigurationProblems.invalidArgument("tags", "At most " + MAX_TAG_FILTERS + " tag filters are allowed.");
        }
        Predicate<KeyValue> all = kv -> true;
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            if (eq <= 0) {
                throw AppConfigurationProblems.invalidArgument("tags", "A tag filter is tagName=tagValue, not '" + filter + "'.");
            }
            String name = filter.substring(0, eq);
            String value = filter.substring(eq + 1);
            all = all.and(kv -> kv.tags().containsKey(name)
                    && (value.equals("\0") ? kv.tags().get(name) == null : value.equals(kv.tags().get(name))));
        }
        return all;
    }

    /** Where the next page starts: after this key and label; the label part is empty for the null label. */
    private static String encodeAfter(KeyValue last) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(last.key().getBytes(StandardCharsets.UTF_8)) + "."
                + (last.label() == null ? "" : b64.encodeToString(last.label().getBytes(StandardCharsets.UTF_8)));
    }

    private static KeyValue decodeAfter(String after) {
        String[] parts = after.split("\\.", -1);
        try {
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new IllegalArgumentException();
            }
            String key = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            String label = parts[1].isEmpty() ? null : new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            return new KeyValue(key, label, null, null, Map.of(), false, null, null);
        }
        catch (IllegalArgumentException ex) {
            throw AppConfigurationProblems.invalidArgument("after", "after is not a continuation token of this store.");
        }
    }

    private static String link(Map<String, Object> params) {
        List<String> pairs = new ArrayList<>();
        params.forEach((name, value) -> {
            if (value instanceof List<?> values) {
                values.forEach(v -> pairs.add(encode(name) + "=" + encode((String) v)));
            }
            else if (value != null) {
                pairs.add(encode(name) + "=" + encode((String) value));
            }
        });
        return "/kv?" + String.join("&", pairs);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A page's ETag: changes whenever any key-value on it, or the page's extent, changes. */
    private static String etag(List<KeyValue> page, String after) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.valueOf(after).getBytes(StandardCharsets.UTF_8));
            page.forEach(kv -> sha.update((";" + kv.etag()).getBytes(StandardCharsets.US_ASCII)));
            byte[] digest = sha.digest();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 20));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is always available", ex);
        }
    }
}
