package io.github.apimoauth.emulator.appconfig;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.github.apimoauth.emulator.config.DataDirectory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import org.springframework.stereotype.Component;

/**
 * The configuration store's key-values, persisted to the data directory with atomic writes so a restart loses nothing.
 * A key-value is identified by its key and label; the null label is App Configuration's "no label". Every write gives
 * the key-value a new ETag and the store a new sequence number, which the Sync-Token header carries.
 * <p>
 * A write takes a guard that sees the current key-value (or null) under the store's lock, so a conditional request's
 * check and its write are one step, as they are in the service.
 */
@Component
public class KeyValueStore {

    /** One key-value as the service holds it; lastModified is to the second, as the service reports it. */
    public record KeyValue(String key, String label, String value, String contentType, Map<String, String> tags,
            boolean locked, String etag, Instant lastModified) {
    }

    /** What the data file holds: the last sequence number and every key-value. */
    record State(long sequence, List<KeyValue> items) {
    }

    /** Sorted as the service lists them: by key, then label, the null label first. */
    static final Comparator<KeyValue> ORDER = Comparator.comparing(KeyValue::key)
        .thenComparing(KeyValue::label, Comparator.nullsFirst(Comparator.naturalOrder()));

    private static final Logger log = LoggerFactory.getLogger(KeyValueStore.class);

    private static final String FILE = "app-configuration-key-values.json";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataDirectory dataDirectory;

    private final JsonMapper jsonMapper;

    private final TreeMap<KeyValue, KeyValue> items = new TreeMap<>(ORDER);

    private long sequence;

    public KeyValueStore(DataDirectory dataDirectory, JsonMapper jsonMapper, EmulatorProperties properties) {
        this.dataDirectory = dataDirectory;
        this.jsonMapper = jsonMapper;
        dataDirectory.read(FILE).ifPresent(json -> {
            State state = jsonMapper.readValue(json, State.class);
            sequence = state.sequence();
            state.items().forEach(kv -> items.put(kv, kv));
        });
        for (EmulatorProperties.KeyValueSeed seed : properties.getAppConfiguration().getKeyValues()) {
            String label = normalizeLabel(seed.getLabel());
            if (get(seed.getKey(), label).isEmpty()) {
                set(seed.getKey(), label, seed.getValue(), seed.getContentType(), Map.of(), current -> { });
                log.info("Created key-value {} (label {})", seed.getKey(), label == null ? "none" : label);
            }
        }
    }

    /** The null label: absent, empty, or App Configuration's "\0". */
    static String normalizeLabel(String label) {
        return label == null || label.isEmpty() || label.equals("\0") ? null : label;
    }

    public synchronized Optional<KeyValue> get(String key, String label) {
        return Optional.ofNullable(items.get(id(key, label)));
    }

    /** Every key-value the filter accepts, in the service's order. */
    public synchronized List<KeyValue> list(Predicate<KeyValue> filter) {
        return items.values().stream().filter(filter).toList();
    }

    /** Creates or replaces a key-value, keeping its lock state; the guard may refuse by throwing. */
    public synchronized KeyValue set(String key, String label, String value, String contentType, Map<String, String> tags,
            Consumer<KeyValue> guard) {
        KeyValue current = items.get(id(key, label));
        guard.accept(current);
        // Tags may hold null values, as in the service; Map.copyOf would refuse them.
        KeyValue next = new KeyValue(key, label, value, contentType,
                tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags)),
                current != null && current.locked(), newEtag(), now());
        return save(next);
    }

    /** Deletes a key-value; empty when there was none. The guard sees the current one and may refuse by throwing. */
    public synchronized Optional<KeyValue> delete(String key, String label, Consumer<KeyValue> guard) {
        KeyValue current = items.get(id(key, label));
        guard.accept(current);
        if (current == null) {
            return Optional.empty();
        }
        items.remove(current);
        sequence++;
        persist();
        return Optional.of(current);
    }

    /** Locks (read-only) or unlocks a key-value; empty when there is none. */
    public synchronized Optional<KeyValue> lock(String key, String label, boolean locked, Consumer<KeyValue> guard) {
        KeyValue current = items.get(id(key, label));
        guard.accept(current);
        if (current == null) {
            return Optional.empty();
        }
        return Optional.of(save(new KeyValue(current.key(), current.label(), current.value(), current.contentType(),
                current.tags(), locked, newEtag(), now())));
    }

    /**
     * Runs several reads and writes as one step, so no request sees them half done: a policy change and its sentinel
     * bump, for example.
     */
    public synchronized <T> T inOneStep(Supplier<T> steps) {
        return steps.get();
    }

    /** The store's sequence number: it grows with every write, and never goes back, even across restarts. */
    public synchronized long sequence() {
        return sequence;
    }

    private KeyValue save(KeyValue kv) {
        items.remove(kv);
        items.put(kv, kv);
        sequence++;
        persist();
        return kv;
    }

    private void persist() {
        dataDirectory.writePrivate(FILE, jsonMapper.writeValueAsString(new State(sequence, new ArrayList<>(items.values()))));
    }

    private static KeyValue id(String key, String label) {
        return new KeyValue(key, label, null, null, Map.of(), false, null, null);
    }

    /** 27 base64url characters, the shape of the service's ETags. */
    private static String newEtag() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
