package io.github.apimoauth.emulator.appconfig;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.github.apimoauth.emulator.appconfig.KeyValueStore.KeyValue;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import org.springframework.stereotype.Component;

/**
 * The caller policy's keys in the store (the layout of issue 14's design), and the operator's two moves on them: write
 * or delete a key, then bump the sentinel, as one step. The services watch only the sentinel, so a change without a
 * bump is never seen; that is why every change here bumps it. Values are written as given (a test may well write a
 * malformed one); only the revocation shortcuts check the id they are given.
 */
@Component
public class CallerPolicyKeys {

    public static final String SENTINEL = "sentinel";

    public static final String JSON = "application/json";

    /** What a revocation names, and the key it is stored under. */
    public enum Kind {
        APPLICATION("revoked-application"), PRINCIPAL("revoked-principal"), TOKEN("revoked-token");

        private final String keyName;

        Kind(String keyName) {
            this.keyName = keyName;
        }

        public String keyName() {
            return keyName;
        }

        /** application (or app), principal, token; anything else is refused with the choices. */
        public static Kind parse(String name) {
            return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
                case "application", "app" -> APPLICATION;
                case "principal" -> PRINCIPAL;
                case "token" -> TOKEN;
                default -> throw new IllegalArgumentException("Unknown kind '" + name + "': use application, principal or token");
            };
        }
    }

    /** One revoked caller as the store holds it. */
    public record Revocation(String kind, String id, String key, String value, Instant lastModified) {
    }

    private static final Logger log = LoggerFactory.getLogger(CallerPolicyKeys.class);

    private static final String GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    private final KeyValueStore store;

    private final JsonMapper jsonMapper;

    private final String prefix;

    public CallerPolicyKeys(KeyValueStore store, JsonMapper jsonMapper, EmulatorProperties properties) {
        this.store = store;
        this.jsonMapper = jsonMapper;
        this.prefix = properties.getAppConfiguration().getPolicyKeyPrefix();
    }

    public String prefix() {
        return prefix;
    }

    /** Revokes a caller: writes {"reason": …} under its key and bumps the sentinel. Returns the new sentinel. */
    public String revoke(Kind kind, String id, String reason, String label) {
        String value = jsonMapper.writeValueAsString(reason == null || reason.isBlank() ? Map.of() : Map.of("reason", reason));
        String sentinel = setValue(kind.keyName() + ":" + validId(kind, id), value, label);
        log.info("Revoked {} {} (policy version {})", kind.name().toLowerCase(Locale.ROOT), id, sentinel);
        return sentinel;
    }

    /** Restores a caller: deletes its key and bumps the sentinel; empty when it was not revoked (nothing changes). */
    public Optional<String> restore(Kind kind, String id, String label) {
        Optional<String> sentinel = deleteValue(kind.keyName() + ":" + validId(kind, id), label);
        sentinel.ifPresent(s -> log.info("Restored {} {} (policy version {})", kind.name().toLowerCase(Locale.ROOT), id, s));
        return sentinel;
    }

    /** Every revoked application, principal and token under the label. */
    public List<Revocation> revocations(String label) {
        String l = KeyValueStore.normalizeLabel(label);
        return store.list(kv -> kv.key().startsWith(prefix) && java.util.Objects.equals(kv.label(), l)).stream()
            .flatMap(kv -> java.util.Arrays.stream(Kind.values())
                .filter(k -> kv.key().startsWith(prefix + k.keyName() + ":"))
                .map(k -> new Revocation(k.name().toLowerCase(Locale.ROOT), kv.key().substring((prefix + k.keyName() + ":").length()),
                        kv.key(), kv.value(), kv.lastModified())))
            .toList();
    }

    /** Writes a key under the prefix (content type application/json) and bumps the sentinel; returns the new sentinel. */
    public String setValue(String keyAfterPrefix, String value, String label) {
        String l = KeyValueStore.normalizeLabel(label);
        return store.inOneStep(() -> {
            store.set(prefix + keyAfterPrefix, l, value, JSON, Map.of(), current -> { });
            return bump(l);
        });
    }

    /** Deletes a key under the prefix and bumps the sentinel; empty when there was no such key (nothing changes). */
    public Optional<String> deleteValue(String keyAfterPrefix, String label) {
        String l = KeyValueStore.normalizeLabel(label);
        return store.inOneStep(() -> store.delete(prefix + keyAfterPrefix, l, current -> { }).map(deleted -> bump(l)));
    }

    /** Bumps the sentinel alone, as after a change made by other means; returns the new sentinel. */
    public String bumpSentinel(String label) {
        String l = KeyValueStore.normalizeLabel(label);
        return store.inOneStep(() -> bump(l));
    }

    /** The sentinel's value as stored (a JSON string), if there is one. */
    public Optional<String> sentinel(String label) {
        return store.get(prefix + SENTINEL, KeyValueStore.normalizeLabel(label)).map(KeyValue::value);
    }

    /**
     * The next policy version is the store's sequence number, which only grows: always different from the last one,
     * and a plain number, written as a JSON string ("42") as the design's layout has it.
     */
    private String bump(String label) {
        String version = String.valueOf(store.sequence() + 1);
        store.set(prefix + SENTINEL, label, jsonMapper.writeValueAsString(version), JSON, Map.of(), current -> { });
        return version;
    }

    private static String validId(Kind kind, String id) {
        if (id == null) {
            throw new IllegalArgumentException("An id is required");
        }
        if (kind == Kind.TOKEN) {
            if (!id.matches("^[A-Za-z0-9_-]{1,64}$")) {
                throw new IllegalArgumentException("A token is revoked by its uti: 1-64 base64url characters");
            }
            return id;
        }
        if (!id.matches(GUID)) {
            throw new IllegalArgumentException((kind == Kind.APPLICATION ? "An application is revoked by its client id"
                    : "A principal is revoked by its object id") + ", a GUID");
        }
        return id.toLowerCase(Locale.ROOT);
    }
}
