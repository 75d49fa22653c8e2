package io.github.apimoauth.emulator.monitor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The accepted telemetry envelopes, in memory and in arrival order, for tests and the admin API to read. Bounded to the
 * newest {@value #MAX_ENVELOPES} envelopes and {@value #MAX_CHARS} characters of JSON: an exporter sends every minute
 * for as long as the emulator runs (a local run can last days), and tests look at the last few batches only, so the
 * oldest are dropped first. Telemetry is not persisted: a restart starts empty, as a test wants.
 */
@Component
public class TelemetryStore {

    static final int MAX_ENVELOPES = 10_000;

    static final long MAX_CHARS = 32L * 1024 * 1024;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private record Stored(JsonNode envelope, int chars) {
    }

    private final JsonMapper jsonMapper;

    private final Deque<Stored> envelopes = new ArrayDeque<>();

    private long chars;

    TelemetryStore(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    synchronized void add(List<JsonNode> accepted) {
        for (JsonNode envelope : accepted) {
            Stored stored = new Stored(envelope, envelope.toString().length());
            envelopes.addLast(stored);
            chars += stored.chars();
        }
        while (envelopes.size() > MAX_ENVELOPES || (chars > MAX_CHARS && envelopes.size() > 1)) {
            chars -= envelopes.removeFirst().chars();
        }
    }

    /** Every stored envelope, oldest first, as fresh maps the caller may change. */
    public List<Map<String, Object>> list() {
        return list(null, null);
    }

    /**
     * The stored envelopes, oldest first, optionally only those of one envelope name (for example Metric, as the
     * OpenTelemetry exporter names them) and only those carrying a metric of that name in data.baseData.metrics[].
     */
    public List<Map<String, Object>> list(String name, String metric) {
        List<JsonNode> matching;
        synchronized (this) {
            matching = envelopes.stream().map(Stored::envelope)
                .filter(e -> name == null || name.equals(e.path("name").asString(null)))
                .filter(e -> metric == null || hasMetric(e, metric))
                .toList();
        }
        return matching.stream().map(e -> jsonMapper.convertValue(e, MAP)).toList();
    }

    /** Drops every stored envelope; returns how many there were. */
    public synchronized int clear() {
        int count = envelopes.size();
        envelopes.clear();
        chars = 0;
        return count;
    }

    private static boolean hasMetric(JsonNode envelope, String metric) {
        for (JsonNode m : envelope.path("data").path("baseData").path("metrics")) {
            if (metric.equals(m.path("name").asString(null))) {
                return true;
            }
        }
        return false;
    }
}
