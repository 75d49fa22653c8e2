package io.github.apimoauth.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Application Insights receives from the gateway, with its connection string set and no OTLP endpoint: the
 * decisions' meter (the gateway's meter registry, Prometheus and the Azure Monitor bridge behind Boot's composite)
 * with each refusal's policy and reason, and the request's span from Boot's tracer, under the caller's trace id. Both
 * reach the emulator's ingestion endpoint signed in as the gateway's managed identity; no key or token travels with
 * them.
 */
class ApplicationInsightsIntegrationTest extends GatewayIntegrationTest {

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

    @Test
    void getWhenCallerSendsTraceparentThenTheGatewaysRequestReachesApplicationInsightsUnderThatTrace() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String token = frontendToken();

        client.get().uri("/backend/items/" + UUID.randomUUID())
            .headers(h -> h.setBearerAuth(token))
            .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
            .exchange()
            .expectStatus().isUnauthorized();

        await(Duration.ofSeconds(30), () -> !requests(traceId).isEmpty());
        Map<String, Object> request = requests(traceId).get(0);
        Map<?, ?> tags = (Map<?, ?>) request.get("tags");
        assertThat(tags.get("ai.cloud.role")).isEqualTo("gateway-service");
        assertThat(tags.get("ai.operation.parentId")).isEqualTo("b7ad6b7169203331");
        assertThat(emulator.telemetry().toString()).doesNotContain(token).doesNotContain(primaryKey());
    }

    /** The RequestData envelopes of one trace. */
    private static List<Map<String, Object>> requests(String traceId) {
        return emulator.telemetry().stream()
            .filter(item -> "RequestData".equals(((Map<?, ?>) item.get("data")).get("baseType")))
            .filter(item -> traceId.equals(((Map<?, ?>) item.get("tags")).get("ai.operation.id")))
            .toList();
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
