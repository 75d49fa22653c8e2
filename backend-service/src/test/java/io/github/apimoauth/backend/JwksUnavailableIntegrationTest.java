package io.github.apimoauth.backend;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.junit.AzureEmulator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend whose Entra keys endpoint does not answer (a closed port): a token, even a good one, cannot be checked,
 * so it is a 401 invalid_token naming the missing keys, never a 500, an ERROR or a stack trace, however many come.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class JwksUnavailableIntegrationTest {

    static final AzureEmulator emulator = AzureEmulator.shared();

    @DynamicPropertySource
    static void azure(DynamicPropertyRegistry registry) {
        EmulatorBackendProperties.register(registry, emulator);
        registry.add("backend.auth.authority-host", () -> "http://127.0.0.1:" + closedPort());
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void getGreetingWhenKeysEndpointDownThenEveryCallIs401InvalidTokenAndNoErrorIsLogged(CapturedOutput output) throws Exception {
        String token = emulator.tokenFor("frontend", "api://" + emulator.appId("backend-api"));
        int before = output.getAll().length();

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/greeting?name=Ada"))
                .header("Authorization", "Bearer " + token)
                .header("x-functions-key", emulator.secretValue("backend-function-key"))
                .timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer error=\"invalid_token\""));
            assertThat(response.body()).contains("\"error\":\"invalid_token\"").contains("signing keys are unavailable")
                .contains("traceId").doesNotContain(token);
        }

        String logged = output.getAll().substring(before);
        assertThat(logged).doesNotContain(" ERROR ").doesNotContain("\tat ");
        assertThat(logged.lines().filter(l -> l.contains("decision=denied")).count()).isLessThanOrEqualTo(1);
    }
}
