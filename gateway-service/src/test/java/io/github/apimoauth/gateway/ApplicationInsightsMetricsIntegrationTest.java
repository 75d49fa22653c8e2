package io.github.apimoauth.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decisions' meter as Application Insights receives it: the gateway's meter registry (Prometheus and the Azure
 * Monitor bridge behind Boot's composite) sends each refusal with its policy and reason to the emulator's ingestion
 * endpoint, signed in as the gateway's managed identity; no key or token travels with it.
 */
class ApplicationInsightsMetricsIntegrationTest extends GatewayIntegrationTest {

    @Test
    void getWhenSubscriptionKeyMissingThenRefusalReachesApplicationInsightsWithItsReason() {
        emulator.clearTelemetry();
        String token = frontendToken();

        client.get().uri("/backend/items/" + UUID.randomUUID()).headers(h -> h.setBearerAuth(token)).exchange()
            .expectStatus().isUnauthorized();

        await(Duration.ofSeconds(30), () -> !refusals("subscription-key", "missing_key").isEmpty());
        Map<String, Object> refusal = refusals("subscription-key", "missing_key").get(0);
        assertThat(((Map<?, ?>) refusal.get("tags")).get("ai.cloud.role")).isEqualTo("gateway-service");
        assertThat(emulator.telemetry().toString()).doesNotContain(token).doesNotContain(primaryKey());
    }

    /** The MetricData envelopes of apim.policy.decisions for one denied policy and reason. */
    private static List<Map<String, Object>> refusals(String policy, String reason) {
        return emulator.telemetry().stream().filter(item -> {
            Map<?, ?> data = (Map<?, ?>) item.get("data");
            Map<?, ?> base = data == null ? Map.of() : (Map<?, ?>) data.get("baseData");
            if (base == null || !(base.get("metrics") instanceof List<?> metrics) || metrics.isEmpty()
                    || !"apim.policy.decisions".equals(((Map<?, ?>) metrics.get(0)).get("name"))) {
                return false;
            }
            Map<?, ?> tags = base.get("properties") instanceof Map<?, ?> properties ? properties : Map.of();
            return policy.equals(tags.get("policy")) && "denied".equals(tags.get("outcome")) && reason.equals(tags.get("reason"));
        }).toList();
    }
}
