package io.github.apimoauth.backend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.azure.appconfig.PolicyStore;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backend reading its caller policy from the emulator's App Configuration with its own managed identity: the
 * store's allowlists replace Easy Auth's configured ones, and a revoked principal is refused, each at the next call
 * after the sentinel moved. Real tokens, the real function key, real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class CallerPolicyIntegrationTest {

    static final AzureEmulator emulator = AzureEmulator.shared();

    @DynamicPropertySource
    static void azure(DynamicPropertyRegistry registry) {
        EmulatorBackendProperties.register(registry, emulator);
        registry.add("backend.auth.authority-host", emulator::authorityHost);
        registry.add("backend.auth.v1-issuer-base", emulator::authorityHost);
        registry.add("AZURE_APPCONFIGURATION_ENDPOINT", emulator::appConfigurationEndpoint);
        registry.add("AZURE_APPCONFIGURATION_SSL_BUNDLE", () -> "emulator");
        // Test-only: a check every half second, so the tests wait for the store's answer, not for an interval.
        registry.add("apim.policy.refresh-interval", () -> "500ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    PolicyStore policies;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(30)).until(() -> get(emulator.tokenFor("frontend", api()), "/readyz")
            .statusCode() == 200);
    }

    private static String api() {
        return "api://" + emulator.appId("backend-api");
    }

    private HttpResponse<String> get(String token, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .header("x-functions-key", emulator.secretValue("backend-function-key"))
            .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private HttpResponse<String> greet() {
        return get(emulator.tokenFor("frontend", api()), "/api/greeting?name=Ada");
    }

    private void awaitVersion(String version) {
        await().atMost(Duration.ofSeconds(10)).until(() -> policies.current().map(p -> p.version().equals(version)).orElse(false));
    }

    private static void assertForbidden(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                h -> assertThat(h).startsWith("Bearer error=\"insufficient_scope\""));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":403", "\"error\":\"insufficient_scope\"", "\"detail\":\"" + message + "\"");
    }

    @Test
    void getWhenTheStoreReplacesAllowedApplicationsThenTheNewListDecidesUntilItIsRemoved(CapturedOutput output) {
        String frontend = emulator.identity("frontend").clientId();
        assertThat(greet().statusCode()).isEqualTo(200);

        String version = emulator.setPolicyValue("backend:allowed-applications", "[\"" + emulator.identity("intruder").clientId() + "\"]");
        try {
            awaitVersion(version);
            assertForbidden(greet(), "Denied by allowed-applications: application " + frontend + " is not allowed");
            assertThat(output).contains("check=allowed-applications").contains("policyVersion=" + version);
        }
        finally {
            emulator.deletePolicyValue("backend:allowed-applications");
        }
        awaitVersion(emulator.policySentinel().orElseThrow().replace("\"", ""));
        assertThat(greet().statusCode()).isEqualTo(200);
    }

    @Test
    void getWhenPrincipalRevokedAtTheStoreThen403NamingIt() {
        String principal = emulator.identity("frontend").objectId();
        String version = emulator.revokeCaller("principal", principal, "integration test");
        try {
            awaitVersion(version);
            assertForbidden(greet(), "Denied by revoked-principal: Principal " + principal + " has been revoked. Access denied.");
        }
        finally {
            emulator.restoreCaller("principal", principal);
        }
        awaitVersion(emulator.policySentinel().orElseThrow().replace("\"", ""));
        assertThat(greet().statusCode()).isEqualTo(200);
    }
}
