package io.github.apimoauth.emulator.appconfig;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import io.github.apimoauth.emulator.appconfig.KeyValueStore.KeyValue;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * App Configuration's answers: a key-value ({@code application/vnd.microsoft.appconfig.kv+json}) with its ETag and
 * Last-Modified headers, a page of them ({@code …kvset+json}) with its {@code @nextLink} and {@code Link} header, and
 * a 304 for a representation the client already holds. Every answer carries the store's Sync-Token.
 */
@Component
class KeyValueBodies {

    static final String KV = "application/vnd.microsoft.appconfig.kv+json; charset=utf-8";

    static final String KV_SET = "application/vnd.microsoft.appconfig.kvset+json; charset=utf-8";

    /** The fields of a key-value, in the service's order; $select picks among them. */
    static final List<String> FIELDS = List.of("etag", "key", "label", "content_type", "value", "last_modified", "locked", "tags");

    /** The Sync-Token id of this store; the service's are 8 characters too. */
    private static final String SYNC_TOKEN_ID = "emulator";

    /** The service's format: 2019-08-27T16:52:32+00:00. */
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private final KeyValueStore store;

    private final JsonMapper jsonMapper;

    KeyValueBodies(KeyValueStore store, JsonMapper jsonMapper) {
        this.store = store;
        this.jsonMapper = jsonMapper;
    }

    /** The $select parameter: every field when absent, otherwise the named ones, each of which must exist. */
    static Set<String> select(String select) {
        if (select == null || select.isBlank()) {
            return new LinkedHashSet<>(FIELDS);
        }
        Set<String> fields = new LinkedHashSet<>();
        for (String field : Arrays.stream(select.split(",")).map(String::trim).toList()) {
            if (!FIELDS.contains(field)) {
                throw AppConfigurationProblems.invalidArgument("$select", "Unknown field '" + field + "'; the fields are " + FIELDS + ".");
            }
            fields.add(field);
        }
        return fields;
    }

    ResponseEntity<String> one(KeyValue kv, Set<String> select) {
        HttpHeaders headers = headers(KV);
        headers.setETag("\"" + kv.etag() + "\"");
        headers.setLastModified(kv.lastModified());
        return new ResponseEntity<>(write(json(kv, select)), headers, HttpStatus.OK);
    }

    ResponseEntity<String> notModified(String etag) {
        HttpHeaders headers = headers(null);
        headers.setETag("\"" + etag + "\"");
        return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
    }

    /** A page; nextLink is relative ("/kv?…&after=…"), as the service sends it, or null on the last page. */
    ResponseEntity<String> page(List<KeyValue> items, Set<String> select, String nextLink, String etag) {
        HttpHeaders headers = headers(KV_SET);
        headers.setETag("\"" + etag + "\"");
        link(headers, nextLink);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items.stream().map(kv -> json(kv, select)).toList());
        body.put("etag", etag);
        if (nextLink != null) {
            body.put("@nextLink", nextLink);
        }
        return new ResponseEntity<>(write(body), headers, HttpStatus.OK);
    }

    /** A page the client holds: no body, but the Link header, which the SDK follows to the next page. */
    ResponseEntity<String> pageNotModified(String nextLink, String etag) {
        HttpHeaders headers = headers(null);
        headers.setETag("\"" + etag + "\"");
        link(headers, nextLink);
        return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
    }

    /** A delete of a key-value that did not exist. */
    ResponseEntity<String> noContent() {
        return new ResponseEntity<>(headers(null), HttpStatus.NO_CONTENT);
    }

    Map<String, Object> json(KeyValue kv, Set<String> select) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("etag", kv.etag());
        all.put("key", kv.key());
        all.put("label", kv.label());
        all.put("content_type", kv.contentType());
        all.put("value", kv.value());
        all.put("last_modified", ISO.format(kv.lastModified()));
        all.put("locked", kv.locked());
        all.put("tags", kv.tags());
        all.keySet().retainAll(select);
        return all;
    }

    private HttpHeaders headers(String contentType) {
        HttpHeaders headers = new HttpHeaders();
        if (contentType != null) {
            headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        }
        long sequence = store.sequence();
        String value = java.util.Base64.getEncoder().encodeToString(("0:" + sequence).getBytes(StandardCharsets.US_ASCII));
        headers.set("Sync-Token", SYNC_TOKEN_ID + "=" + value + ";sn=" + sequence);
        return headers;
    }

    private static void link(HttpHeaders headers, String nextLink) {
        if (nextLink != null) {
            headers.set(HttpHeaders.LINK, "<" + nextLink + ">; rel=\"next\"");
        }
    }

    private String write(Object body) {
        return jsonMapper.writeValueAsString(body);
    }
}
