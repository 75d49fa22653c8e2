package io.github.apimoauth.frontend.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.apimoauth.frontend.TestChain;
import io.github.apimoauth.frontend.credentials.BackendToken;
import io.github.apimoauth.frontend.credentials.SubscriptionKey;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbound client on its own: URL building, body limits and the two ways of getting no answer. */
class GatewayClientTest {

    private static final BackendToken TOKEN = new BackendToken("t", "api://backend", null, null);

    private static final SubscriptionKey KEY = new SubscriptionKey("k", "apim-subscription-key", "v1", null, false);

    private final WireMockServer gateway = TestChain.gateway();

    @BeforeEach
    void reset() {
        gateway.resetAll();
    }

    @Test
    void greetingWhenNameNeedsEncodingThenQueryIsEncodedUnderTheBasePath() {
        gateway.stubFor(get(urlPathEqualTo("/backend/api/greeting")).willReturn(aResponse().withStatus(200).withBody("{}")));

        GatewayReply reply = client("http://127.0.0.1:" + gateway.port() + "/backend", Duration.ofSeconds(2))
            .greeting(GatewayRequest.get(Map.of("name", "Ada O'Neil")), TOKEN, KEY);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(gateway.findAll(getRequestedFor(urlPathEqualTo("/backend/api/greeting"))).get(0).getQueryParams()
            .get("name").firstValue()).isEqualTo("Ada O'Neil");
    }

    @Test
    void uriWhenValueHoldsReservedCharactersThenEachIsPercentEncodedAndThePathsJoinOnce() {
        GatewayClient client = client("http://127.0.0.1:1/backend/", Duration.ofSeconds(2));

        assertThat(client.uri(Map.of("name", "a+b&c=d é/?#"))).hasToString(
                "http://127.0.0.1:1/backend/api/greeting?name=a%2Bb%26c%3Dd%20%C3%A9%2F%3F%23");
        assertThat(client.uri(Map.of())).hasToString("http://127.0.0.1:1/backend/api/greeting");
    }

    @Test
    void greetingWhenBodyIsLargerThanTheLimitThenItIsCut() {
        gateway.stubFor(get(urlPathEqualTo("/backend/api/greeting")).willReturn(aResponse().withStatus(200)
            .withBody("x".repeat(5_000))));

        GatewayReply reply = client("http://127.0.0.1:" + gateway.port() + "/backend", Duration.ofSeconds(2))
            .greeting(GatewayRequest.get(Map.of("name", "Ada")), TOKEN, KEY);

        assertThat(reply.body()).hasSize(1024);
    }

    @Test
    void greetingWhenNothingListensThenUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        GatewayClient client = client("http://127.0.0.1:" + closedPort + "/backend", Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.greeting(GatewayRequest.get(Map.of("name", "Ada")), TOKEN, KEY))
            .isInstanceOfSatisfying(GatewayTransportException.class,
                    ex -> assertThat(ex.kind()).isEqualTo(GatewayTransportException.Kind.UNREACHABLE));
    }

    @Test
    void greetingWhenGatewayIsSlowerThanReadTimeoutThenTimeout() {
        gateway.stubFor(get(urlPathEqualTo("/backend/api/greeting")).willReturn(aResponse().withStatus(200)
            .withFixedDelay(1_500)));
        GatewayClient client = client("http://127.0.0.1:" + gateway.port() + "/backend", Duration.ofMillis(300));

        assertThatThrownBy(() -> client.greeting(GatewayRequest.get(Map.of("name", "Ada")), TOKEN, KEY))
            .isInstanceOfSatisfying(GatewayTransportException.class,
                    ex -> assertThat(ex.kind()).isEqualTo(GatewayTransportException.Kind.TIMEOUT));
    }

    private static GatewayClient client(String url, Duration readTimeout) {
        GatewayProperties properties = new GatewayProperties(URI.create(url), "/api/greeting", Duration.ofSeconds(1),
                readTimeout, DataSize.ofKilobytes(1), 4);
        GatewayConfiguration configuration = new GatewayConfiguration();
        return configuration.gatewayClient(properties, configuration.gatewayHttpClient(properties), RestClient.builder());
    }
}
