package io.github.apimoauth.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The actuator is on the management port only, with health (no details), prometheus and metrics; the gateway's port
 * has the probes as /livez and /readyz and no actuator at all: APIM's 404 there.
 */
class ActuatorIntegrationTest extends GatewayIntegrationTest {

    private static final String NOT_FOUND = "{\"statusCode\":404,\"message\":\"Resource not found\"}";

    @LocalManagementPort
    private int managementPort;

    private WebTestClient management() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
    }

    @Test
    void getWhenReadinessAfterKeysAndSecretsLoadedThenUp() {
        client.get().uri("/readyz").exchange()
            .expectStatus().isOk()
            .expectBody().json("{\"status\":\"UP\"}", JsonCompareMode.STRICT);
    }

    @Test
    void getWhenLivenessThenUp() {
        client.get().uri("/livez").exchange().expectStatus().isOk()
            .expectBody().json("{\"status\":\"UP\"}", JsonCompareMode.STRICT);
    }

    @Test
    void getWhenActuatorOnGatewayPortThen404ApimBody() {
        for (String path : new String[] { "/actuator/prometheus", "/actuator/metrics", "/actuator/health", "/actuator",
                "/actuator/env", "/actuator/gateway/routes" }) {
            client.get().uri(path).exchange().expectStatus().isNotFound()
                .expectBody(String.class).isEqualTo(NOT_FOUND);
        }
    }

    @Test
    void getWhenHealthOnManagementPortThenStatusWithoutDetails() {
        management().get().uri("/actuator/health").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP")
            .jsonPath("$.components").doesNotExist().jsonPath("$.details").doesNotExist();
    }

    @Test
    void getWhenOtherEndpointOnManagementPortThen404() {
        management().get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        management().get().uri("/actuator/gateway/routes").exchange().expectStatus().isNotFound();
    }
}
