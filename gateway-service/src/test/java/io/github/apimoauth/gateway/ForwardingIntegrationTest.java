package io.github.apimoauth.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway forwards only what it checked: no credential in the query under another spelling, no Connection header
 * that would strip what the policies set, and only paths that the role rules and the backend read the same way.
 */
class ForwardingIntegrationTest extends GatewayIntegrationTest {

    private static final String BAD_PATH = "{\"statusCode\":400,\"message\":\"The request path is not allowed: dot segments, "
            + "empty segments, encoded slashes or backslashes and path parameters are refused.\"}";

    private static final String BAD_CONNECTION = "{\"statusCode\":400,\"message\":\"The Connection header must not name a "
            + "header the gateway checks or sets.\"}";

    @Value("${local.server.port}")
    private int port;

    private static String path() {
        return "/forward/" + UUID.randomUUID();
    }

    @Test
    void getWhenSubscriptionKeyNameIsPercentEncodedThenAcceptedAndNotForwarded() {
        String path = path();

        client.get().uri(raw("/backend" + path + "?subscription%2Dkey=" + primaryKey() + "&q=1"))
            .headers(h -> h.setBearerAuth(ownAppToken()))
            .exchange()
            .expectStatus().isOk();

        assertThat(backendRequest(path).getUrl()).isEqualTo(path + "?q=1");
    }

    @Test
    void getWhenQueryNamesKeyOrCodeInOtherSpellingsThenNoneIsForwarded() {
        String path = path();

        client.get().uri(raw("/backend" + path + "?a=1&Subscription-Key=x&SUBSCRIPTION%2dKEY=y&%63ode=c1&Code=c2"
                + "&c%6Fde=c3&b=x%20y&codex=kept"))
            .header("Ocp-Apim-Subscription-Key", primaryKey())
            .headers(h -> h.setBearerAuth(ownAppToken()))
            .exchange()
            .expectStatus().isOk();

        assertThat(backendRequest(path).getUrl()).isEqualTo(path + "?a=1&b=x%20y&codex=kept");
    }

    @ParameterizedTest
    @ValueSource(strings = { "authorization", "x-functions-key", "X-Functions-Key, keep-alive", "Ocp-Apim-Subscription-Key",
        "x-ms-client-principal-id" })
    void getWhenConnectionNamesASecurityHeaderThen400AndNothingForwarded(String connection) {
        String path = path();

        client.get().uri("/backend" + path)
            .header("Ocp-Apim-Subscription-Key", primaryKey())
            .headers(h -> h.setBearerAuth(ownAppToken()))
            .header("Connection", connection)
            .exchange()
            .expectStatus().isBadRequest()
            .expectBody(String.class).isEqualTo(BAD_CONNECTION);

        assertThat(backend.findAll(WireMock.anyRequestedFor(WireMock.urlPathEqualTo(path)))).isEmpty();
    }

    @Test
    void getWhenConnectionNamesAnOrdinaryHeaderThenBackendStillGetsFunctionKeyAndToken() {
        String path = path();
        String token = ownAppToken();

        client.get().uri("/backend" + path)
            .header("Ocp-Apim-Subscription-Key", primaryKey())
            .headers(h -> h.setBearerAuth(token))
            .header("Connection", "keep-alive, x-client-hint")
            .header("x-client-hint", "dropped as hop-by-hop")
            .exchange()
            .expectStatus().isOk();

        LoggedRequest forwarded = backendRequest(path);
        assertThat(forwarded.getHeaders().getHeader("x-functions-key").values())
            .containsExactly(emulator.secretValue("backend-function-key"));
        assertThat(forwarded.getHeader("Authorization")).isEqualTo("Bearer " + token);
        assertThat(forwarded.containsHeader("x-client-hint")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/backend/forward/../admin", "/backend/forward/%2e%2E/admin", "/backend/./forward",
        "/backend/forward/.", "/backend/forward/a%2Fb", "/backend/forward/a%5cb", "/backend/forward;v=1/x",
        "/backend/forward/x;", "/backend/forward/a%3Bb", "/backend//forward" })
    void getWhenPathNotNormalThen400BeforeAnyPolicyAndNothingForwarded(String rawPath) {
        int before = backend.getAllServeEvents().size();

        // With a valid key and token: the path alone is refused.
        client.get().uri(raw(rawPath))
            .header("Ocp-Apim-Subscription-Key", primaryKey())
            .headers(h -> h.setBearerAuth(ownAppToken()))
            .exchange()
            .expectStatus().isBadRequest()
            .expectHeader().exists("x-request-id")
            .expectBody(String.class).isEqualTo(BAD_PATH);

        assertThat(backend.getAllServeEvents()).hasSize(before);
    }

    @Test
    void getWhenPathHoldsRawBackslashThen400() throws IOException {
        String response = send("GET /backend/forward/a\\..\\b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void getWhenPathNormalWithDotsInsideSegmentsAndTrailingSlashThenForwarded() {
        String path = "/forward/" + UUID.randomUUID() + "/file.v1..json/";

        client.get().uri("/backend" + path)
            .header("Ocp-Apim-Subscription-Key", primaryKey())
            .headers(h -> h.setBearerAuth(ownAppToken()))
            .exchange()
            .expectStatus().isOk();

        assertThat(backendRequest(path).getUrl()).isEqualTo(path);
    }

    /** The URI exactly as written: WebTestClient would encode a template's percent signs once more. */
    private URI raw(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private String send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
