package io.github.apimoauth.gateway;

import org.junit.jupiter.api.Test;

/** Only health is exposed, with liveness and readiness probes and no details. */
class ActuatorIntegrationTest extends GatewayIntegrationTest {

    @Test
    void getWhenReadinessAfterKeysAndSecretsLoadedThenUp() {
        client.get().uri("/actuator/health/readiness").exchange()
            .expectStatus().isOk()
            .expectBody().json("{\"status\":\"UP\"}", org.springframework.test.json.JsonCompareMode.STRICT);
    }

    @Test
    void getWhenLivenessThenUp() {
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    @Test
    void getWhenOtherActuatorEndpointThen404() {
        client.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        client.get().uri("/actuator/gateway/routes").exchange().expectStatus().isNotFound();
        client.get().uri("/actuator/health").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.components").doesNotExist().jsonPath("$.details").doesNotExist();
    }
}
