package io.github.apimoauth.frontend.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.apimoauth.frontend.GatewayStubs;
import io.github.apimoauth.frontend.TestChain;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The frontend on real ports, as it runs: the actuator (metrics, health) on the management port only, which the
 * ingress never exposes; the public port has the probes (/livez, /readyz) and no actuator. The meters show each gateway
 * call's outcome and where the credentials came from.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "management.server.address=127.0.0.1",
                "frontend.key-vault.refresh-interval=10m", "frontend.readiness.warm-up-retry-interval=200ms" })
class ManagementPortIntegrationTest {

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) {
        TestChain.register(registry);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(int to, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void getActuatorWhenOnPublicPortThen404AndProbesAnswer() {
        await().atMost(Duration.ofSeconds(15)).until(() -> send(port, "/readyz").statusCode() == 200);
        assertThat(send(port, "/livez").statusCode()).isEqualTo(200);
        for (String path : new String[] { "/actuator/prometheus", "/actuator/metrics", "/actuator/health", "/actuator" }) {
            HttpResponse<String> response = send(port, path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(c -> assertThat(c).contains("json"));
            assertThat(response.body()).as(path).doesNotContain("frontend_").doesNotContain("jvm_");
        }
    }

    @Test
    void getPrometheusWhenOnManagementPortThenGatewayCallsAndCredentialLookupsCounted() {
        await().atMost(Duration.ofSeconds(15)).until(() -> send(port, "/readyz").statusCode() == 200);
        TestChain.gateway().stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).willReturn(GatewayStubs.backendGreeting("Ada")));

        assertThat(send(port, "/api/greeting?name=Ada").statusCode()).isEqualTo(200);

        HttpResponse<String> scrape = send(managementPort, "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).containsPattern("frontend_gateway_calls_total\\{outcome=\"success\"} [1-9]")
            .containsPattern("frontend_credential_lookups_total\\{credential=\"backend_token\",result=\"(hit|fetch)\"} [1-9]")
            .containsPattern("frontend_credential_lookups_total\\{credential=\"subscription_key\",result=\"(hit|fetch)\"} [1-9]")
            .contains("azure_keyvault_secret_age_seconds{secret=")
            .contains("azure_calls_total{dependency=\"identity\",outcome=\"success\"}")
            .doesNotContain(TestChain.emulator().secretValue("apim-subscription-key-primary"));
        assertThat(send(managementPort, "/actuator/health").statusCode()).isEqualTo(200);
    }
}
