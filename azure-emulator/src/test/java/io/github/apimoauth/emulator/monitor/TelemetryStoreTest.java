package io.github.apimoauth.emulator.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The telemetry store keeps the newest envelopes within its bounds, and hands out copies. */
class TelemetryStoreTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private final TelemetryStore store = new TelemetryStore(json);

    private JsonNode envelope(String name, String metric) {
        return json.readTree("{\"name\":\"" + name + "\",\"data\":{\"baseType\":\"MetricData\",\"baseData\":{\"metrics\":[{\"name\":\""
                + metric + "\",\"value\":1}]}}}");
    }

    @Test
    void addWhenMoreThanTheBoundThenOldestDropped() {
        List<JsonNode> batch = new ArrayList<>();
        for (int i = 0; i <= TelemetryStore.MAX_ENVELOPES; i++) {
            batch.add(envelope("Metric", "m" + i));
        }

        store.add(batch);

        List<Map<String, Object>> stored = store.list();
        assertThat(stored).hasSize(TelemetryStore.MAX_ENVELOPES);
        assertThat(store.list(null, "m0")).isEmpty();
        assertThat(store.list(null, "m1")).hasSize(1);
        assertThat(store.list(null, "m" + TelemetryStore.MAX_ENVELOPES)).hasSize(1);
    }

    @Test
    void addWhenLargerThanTheCharacterBoundThenOldestDropped() {
        String big = "x".repeat(6 * 1024 * 1024);

        for (int i = 0; i < 8; i++) {
            store.add(List.of(envelope("Big", big + i)));
        }

        assertThat(store.list()).hasSizeLessThanOrEqualTo((int) (TelemetryStore.MAX_CHARS / big.length()));
        assertThat(store.list(null, big + 7)).hasSize(1);
        assertThat(store.list(null, big + 0)).isEmpty();
    }

    @Test
    void listWhenNameOrMetricGivenThenOnlyMatchingAndCopies() {
        store.add(List.of(envelope("Metric", "a"), envelope("Request", "b")));

        store.list().get(0).put("name", "changed");

        assertThat(store.list("Metric", null)).singleElement().satisfies(e -> assertThat(e).containsEntry("name", "Metric"));
        assertThat(store.list("Metric", "b")).isEmpty();
        assertThat(store.clear()).isEqualTo(2);
        assertThat(store.list()).isEmpty();
    }
}
