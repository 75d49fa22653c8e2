package io.github.apimoauth.entra.policy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON values of a caller policy document, read strictly: one JSON value and nothing after it, no field twice, no
 * field the shape does not name, every field of the expected type. Anything else is malformed, never guessed at. Text
 * that reaches the logs (the version, a reason) holds no control character, so it cannot forge a log line.
 */
final class PolicyValues {

    private static final JsonMapper JSON = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    private static final int MAX_VERSION = 64;

    private static final int MAX_TEXT = 256;

    private PolicyValues() {
    }

    /** The sentinel: a JSON string, or a whole number as {@code az appconfig kv set --value 43} writes one. */
    static String version(String key, String raw) throws MalformedPolicyException {
        JsonNode node = tree(key, raw);
        String version = node.isString() ? node.stringValue() : node.isIntegralNumber() ? node.bigIntegerValue().toString() : null;
        if (version == null || version.isBlank() || version.length() > MAX_VERSION || !version.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new MalformedPolicyException(key, "must be the policy version: a JSON string of 1-" + MAX_VERSION
                    + " printable ASCII characters without spaces, or a whole number");
        }
        return version;
    }

    /** A revocation: {@code {"reason": "..."}}, the reason optional. */
    static CallerPolicy.Revocation revocation(String key, String raw) throws MalformedPolicyException {
        Map<String, JsonNode> fields = object(key, raw, Set.of("reason"), Set.of(), "{\"reason\": \"...\"} (reason optional)");
        return new CallerPolicy.Revocation(reason(key, fields));
    }

    /** A cut-off: {@code {"before": "2026-12-01T10:00:00Z", "reason": "..."}}, the reason optional. */
    static CallerPolicy.IssuedBefore issuedBefore(String key, String raw) throws MalformedPolicyException {
        Map<String, JsonNode> fields = object(key, raw, Set.of("before", "reason"), Set.of("before"),
                "{\"before\": \"<ISO-8601 instant>\"}");
        String before = text(key, fields.get("before"), "before");
        try {
            return new CallerPolicy.IssuedBefore(Instant.parse(before), reason(key, fields));
        }
        catch (DateTimeParseException ex) {
            throw new MalformedPolicyException(key, "before must be an ISO-8601 instant in UTC, such as 2026-12-01T10:00:00Z");
        }
    }

    /** A role restriction: {@code {"roles": ["Backend.Read"], "reason": "..."}}, at least one role, the reason optional. */
    static CallerPolicy.RoleRestriction roleRestriction(String key, String raw) throws MalformedPolicyException {
        Map<String, JsonNode> fields = object(key, raw, Set.of("roles", "reason"), Set.of("roles"), "{\"roles\": [\"<role>\", ...]}");
        Set<String> roles = new LinkedHashSet<>();
        for (JsonNode role : list(key, fields.get("roles"), "roles")) {
            roles.add(text(key, role, "roles"));
        }
        return new CallerPolicy.RoleRestriction(roles, reason(key, fields));
    }

    /** An allowlist: {@code ["<GUID>", ...]}, at least one. */
    static Set<String> guids(String key, String raw) throws MalformedPolicyException {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode id : list(key, tree(key, raw), "the value")) {
            if (!id.isString() || !PolicyIds.isGuid(id.stringValue())) {
                throw new MalformedPolicyException(key, "every entry must be a GUID string");
            }
            ids.add(PolicyIds.guid(id.stringValue()));
        }
        return ids;
    }

    private static JsonNode tree(String key, String raw) throws MalformedPolicyException {
        if (raw == null || raw.isBlank()) {
            throw new MalformedPolicyException(key, "has no value");
        }
        try {
            return JSON.readTree(raw);
        }
        catch (JacksonException ex) {
            throw new MalformedPolicyException(key, "is not one valid JSON value: " + firstLine(ex.getOriginalMessage()));
        }
    }

    private static Map<String, JsonNode> object(String key, String raw, Set<String> known, Set<String> required, String shape)
            throws MalformedPolicyException {
        JsonNode node = tree(key, raw);
        if (!node.isObject()) {
            throw new MalformedPolicyException(key, "must be a JSON object " + shape);
        }
        Map<String, JsonNode> fields = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!known.contains(field.getKey())) {
                throw new MalformedPolicyException(key, "has an unknown field '" + printable(field.getKey()) + "': expected " + shape);
            }
            fields.put(field.getKey(), field.getValue());
        }
        for (String name : required) {
            if (!fields.containsKey(name)) {
                throw new MalformedPolicyException(key, "lacks the field '" + name + "': expected " + shape);
            }
        }
        return fields;
    }

    private static Iterable<JsonNode> list(String key, JsonNode node, String name) throws MalformedPolicyException {
        if (!node.isArray()) {
            throw new MalformedPolicyException(key, name + " must be a JSON array");
        }
        if (node.isEmpty()) {
            throw new MalformedPolicyException(key, name + " must list at least one entry: an empty list would deny all, "
                    + "or be read as no list");
        }
        return node;
    }

    private static String reason(String key, Map<String, JsonNode> fields) throws MalformedPolicyException {
        return fields.containsKey("reason") ? text(key, fields.get("reason"), "reason") : null;
    }

    private static String text(String key, JsonNode node, String name) throws MalformedPolicyException {
        if (!node.isString() || node.stringValue().isBlank() || node.stringValue().length() > MAX_TEXT
                || node.stringValue().chars().anyMatch(Character::isISOControl)) {
            throw new MalformedPolicyException(key, name + " must be a non-blank JSON string of at most " + MAX_TEXT
                    + " characters, without control characters");
        }
        return node.stringValue().trim();
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return printable(line.length() > 120 ? line.substring(0, 120) + "…" : line);
    }

    private static String printable(String text) {
        return text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
