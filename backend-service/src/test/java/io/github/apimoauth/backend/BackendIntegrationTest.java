package io.github.apimoauth.backend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.backend.functionkey.FunctionKeys;
import io.github.apimoauth.emulator.entra.TokenMinter.MintRequest;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backend with real RS256 tokens from the in-process emulator, and the real SecretClient reading the function
 * key from its Key Vault with the backend's own managed identity. Every denial asserts status, challenge and body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class BackendIntegrationTest {

    static final AzureEmulator emulator = AzureEmulator.shared();

    @DynamicPropertySource
    static void azure(DynamicPropertyRegistry registry) {
        EmulatorBackendProperties.register(registry, emulator);
        registry.add("backend.auth.authority-host", emulator::authorityHost);
        registry.add("backend.auth.v1-issuer-base", emulator::authorityHost);
        // Short, so the rotation test proves the background refresh rather than a manual one.
        registry.add("backend.function-key.refresh-interval", () -> "1s");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    FunctionKeys functionKeys;

    private final HttpClient http = HttpClient.newHttpClient();

    private String api;

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(20)).until(() -> send("GET", "/readyz", Map.of(), null).statusCode() == 200);
        api = "api://" + emulator.appId("backend-api");
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private HttpResponse<String> call(String method, String token, String key) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (key != null) {
            headers.put("x-functions-key", key);
        }
        String body = method.equals("POST") ? "{\"name\":\"Ada\"}" : null;
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return send(method, "/api/greeting?name=Ada", headers, body);
    }

    private String key() {
        return emulator.secretValue("backend-function-key");
    }

    private String frontendToken() {
        return emulator.tokenFor("frontend", api);
    }

    private String mint(Map<String, Object> claims, Long lifetime, Long notBefore) {
        return emulator.mint(new MintRequest(null, "frontend", api, null, claims, null, lifetime, notBefore, null));
    }

    private static void assertDenied(HttpResponse<String> response, int status, String challenge, String bodyPart, String... secrets) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith(challenge));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("application/problem+json"));
        assertThat(response.body()).contains(bodyPart).containsPattern("\"traceId\":\"[0-9a-f]{32}\"");
        for (String secret : secrets) {
            assertThat(response.body()).doesNotContain(secret);
        }
    }

    @Test
    void getGreetingWhenFrontendTokenAndKeyThen200WithCallerIdentity() {
        String token = frontendToken();
        HttpResponse<String> response = call("GET", token, key());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(response.body()).doesNotContain(token).contains("Hello, Ada!")
            .contains("\"appId\":\"" + emulator.identity("frontend").clientId() + "\"")
            .contains("\"objectId\":\"" + emulator.identity("frontend").objectId() + "\"")
            .contains("\"tenantId\":\"" + emulator.tenantId("home") + "\"")
            .contains("\"roles\":[\"Backend.Read\"]")
            .contains("\"tokenVersion\":\"2.0\"")
            .doesNotContain(key());
        assertThat(response.body()).containsPattern("\"correlationId\":\"[0-9a-f]{32}\"");
    }

    @Test
    void getGreetingWhenCallerSendsTraceparentThenAnswerAndDecisionLineCarryItsTraceId(CapturedOutput output) {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Bearer " + frontendToken());
        headers.put("x-functions-key", key());
        headers.put("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        HttpResponse<String> response = send("GET", "/api/greeting?name=Ada", headers, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"correlationId\":\"" + traceId + "\"");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getAll()).containsPattern(
                "\\[" + traceId + "-[0-9a-f]{16}\\] .*decision=allowed GET /api/greeting .*traceId=" + traceId));
    }

    @Test
    void getGreetingWhenDeniedWithTraceparentThenRefusalCarriesItsTraceId() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        HttpResponse<String> response = send("GET", "/api/greeting?name=Ada",
                Map.of("traceparent", "00-" + traceId + "-b7ad6b7169203331-01"), null);

        assertDenied(response, 401, "Bearer", "bearer token", key());
        assertThat(response.body()).contains(traceId);
    }

    @Test
    void getGreetingWhenTokenFromForeignTenantThen401InvalidIssuer() {
        String token = emulator.tokenFor("foreign", api);

        assertDenied(call("GET", token, key()), 401, "Bearer error=\"invalid_token\"", "issuer", token, key());
    }

    @Test
    void getGreetingWhenTidClaimNotAllowedThen403AllowedTenants() {
        String token = mint(Map.of("tid", emulator.tenantId("foreign")), null, null);

        assertDenied(call("GET", token, key()), 403, "Bearer error=\"insufficient_scope\"", "allowed-tenants", token, key());
    }

    @Test
    void getGreetingWhenAudienceWrongThen401() {
        String token = mint(Map.of("aud", "api://someone-else"), null, null);

        assertDenied(call("GET", token, key()), 401, "Bearer error=\"invalid_token\"", "audience", token);
    }

    @Test
    void getGreetingWhenTokenExpiredThen401() {
        String token = mint(Map.of("iat", Instant.now().minusSeconds(7200).getEpochSecond()), -3600L, -7200L);

        assertDenied(call("GET", token, key()), 401, "Bearer error=\"invalid_token\"", "expired", token);
    }

    @Test
    void getGreetingWhenTokenNotYetValidThen401() {
        String token = mint(null, 7200L, 3600L);

        assertDenied(call("GET", token, key()), 401, "Bearer error=\"invalid_token\"", "used before", token);
    }

    @Test
    void getGreetingWhenTokenHasNoExpThen401() {
        String token = mint(java.util.Collections.singletonMap("exp", null), null, null);

        assertDenied(call("GET", token, key()), 401, "Bearer error=\"invalid_token\"", "exp", token);
    }

    @Test
    void getGreetingWhenSignatureUntrustedThen401() {
        String token = emulator.mint(new MintRequest(null, "frontend", api, null, null, null, null, null, true));

        assertDenied(call("GET", token, key()), 401, "Bearer error=\"invalid_token\"", "invalid_token", token);
    }

    @Test
    void getGreetingWhenCnfClaimIsNotAnObjectThen401NotA500() {
        // Spring's certificate-binding rule would cast cnf to an object and throw; the shared rule refuses it, saying why.
        String token = mint(Map.of("cnf", "not-an-object"), null, null);

        assertDenied(call("GET", token, key()), 401, "Bearer error=\"invalid_token\"", "cnf claim is not a JSON object", token, key());
    }

    @Test
    void getGreetingWhenBurstOfUnknownKidTokensThenEachIs401InvalidTokenAndNoErrorIsLogged(CapturedOutput output) {
        int before = output.getAll().length();
        for (int i = 0; i < 20; i++) {
            String token = emulator.mint(new MintRequest(null, "frontend", api, null, null, Map.of("kid", "forged-" + i), null, null, true));

            assertDenied(call("GET", token, key()), 401, "Bearer error=\"invalid_token\"", "signing key", token);
        }

        String logged = output.getAll().substring(before);
        assertThat(logged).doesNotContain(" ERROR ").doesNotContain("AuthenticationServiceException").doesNotContain("\tat ");
        assertThat(logged.lines().filter(l -> l.contains(" WARN ") && l.contains("signing key")).count()).isLessThanOrEqualTo(1);
    }

    @Test
    void getGreetingWhenCallingAppNotAllowedThen403AllowedApplications() {
        emulator.assignAppRole("intruder", "backend-api", "Backend.Read");
        String token = emulator.tokenFor("intruder", api);
        emulator.removeAppRole("intruder", "backend-api", "Backend.Read");

        assertDenied(call("GET", token, key()), 403, "Bearer error=\"insufficient_scope\"", "allowed-applications", token);
    }

    @Test
    void getGreetingWhenPrincipalNotAllowedThen403AllowedPrincipals() {
        String token = mint(Map.of("oid", emulator.identity("intruder").objectId()), null, null);

        assertDenied(call("GET", token, key()), 403, "Bearer error=\"insufficient_scope\"", "allowed-principals", token);
    }

    @Test
    void getGreetingWhenRoleMissingThen403Roles() {
        String token = mint(java.util.Collections.singletonMap("roles", null), null, null);

        assertDenied(call("GET", token, key()), 403, "Bearer error=\"insufficient_scope\"", "Backend.Read", token);
    }

    @Test
    void postGreetingWhenTokenHoldsOnlyReadRoleThen403() {
        String token = frontendToken();

        assertDenied(call("POST", token, key()), 403, "Bearer error=\"insufficient_scope\"", "Backend.Write", token);
    }

    @Test
    void postGreetingWhenWriteRoleThen200() {
        String token = mint(Map.of("roles", List.of("Backend.Write")), null, null);

        HttpResponse<String> response = call("POST", token, key());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("recorded");
    }

    @Test
    void getGreetingWhenNoTokenThen401Bearer() {
        HttpResponse<String> response = call("GET", null, key());

        assertDenied(response, 401, "Bearer", "bearer token is required", key());
    }

    @Test
    void getGreetingWhenKeyMissingOrWrongThen401() {
        String token = frontendToken();

        assertDenied(call("GET", token, null), 401, "FunctionKey", "function key is required", token);
        assertDenied(call("GET", token, "not-the-key"), 401, "FunctionKey", "not valid", token);
    }

    @Test
    void getGreetingWhenValidKeyOnlyInCodeQueryParameterThen401AsTheParameterIsOffByDefault() {
        String token = frontendToken();
        HttpResponse<String> response = send("GET", "/api/greeting?name=Ada&code=" + key(), Map.of("Authorization", "Bearer " + token), null);

        assertDenied(response, 401, "FunctionKey header=\"x-functions-key\"", "function key is required in the x-functions-key header",
                token, key());
    }

    @Test
    void getGreetingWhenKeyRotatedInKeyVaultThenNewAndPreviousKeysAreAcceptedWithoutRestart() {
        String previous = key();
        String rotated = "rotated-" + java.util.UUID.randomUUID();
        emulator.setSecret("backend-function-key", rotated);

        await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", frontendToken(), rotated).statusCode() == 200);

        assertThat(call("GET", frontendToken(), rotated).statusCode()).isEqualTo(200);
        assertThat(call("GET", frontendToken(), previous).statusCode()).isEqualTo(200);
        emulator.setSecret("backend-function-key", "rotated-again-" + java.util.UUID.randomUUID());
        functionKeys.refresh();
        assertThat(call("GET", frontendToken(), previous).statusCode()).as("two rotations ago").isEqualTo(401);
        assertThat(call("GET", frontendToken(), rotated).statusCode()).isEqualTo(200);
    }

    @Test
    void refreshWhenKeyVaultDownAfterLoadThenLastGoodKeyStillWorksAndReadinessIsDegraded() {
        String key = key();
        emulator.fault(io.github.apimoauth.emulator.admin.Faults.Target.KEY_VAULT, io.github.apimoauth.emulator.admin.Faults.Mode.UNAVAILABLE,
                Duration.ofSeconds(60));
        try {
            functionKeys.refresh();

            assertThat(functionKeys.state().lastError()).isNotNull();
            HttpResponse<String> readiness = send("GET", "/readyz", Map.of(), null);
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("DEGRADED");
            assertThat(call("GET", frontendToken(), key).statusCode()).isEqualTo(200);
            assertThat(call("GET", frontendToken(), "not-the-key").statusCode()).as("never 'no key check'").isEqualTo(401);
        }
        finally {
            emulator.clearFaults();
            functionKeys.refresh();
        }
        assertThat(send("GET", "/readyz", Map.of(), null).body()).contains("UP");
    }

    @Test
    void healthWhenCalledWithoutCredentialsThenOpenButOtherActuatorEndpointsAreNot() {
        assertThat(send("GET", "/livez", Map.of(), null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/readyz", Map.of(), null).body()).contains("UP");
        assertDenied(send("GET", "/actuator/env", Map.of(), null), 401, "Bearer", "bearer token is required");
    }

    @Test
    void getActuatorWhenOnApiPortThenNeverServedEvenWithCredentials() {
        for (String path : new String[] { "/actuator/prometheus", "/actuator/metrics", "/actuator/health" }) {
            assertDenied(send("GET", path, Map.of(), null), 401, "Bearer", "bearer token is required");
            // A caller with every credential: no operation rule covers the path, so the roles check refuses it.
            HttpResponse<String> withCredentials = send("GET", path, Map.of("Authorization", "Bearer " + frontendToken(),
                    "x-functions-key", key()), null);
            assertDenied(withCredentials, 403, "Bearer error=\"insufficient_scope\"", "roles");
            assertThat(withCredentials.body()).as(path).doesNotContain("backend_auth").doesNotContain("jvm_");
        }
    }

    private String scrape() {
        HttpResponse<String> response = sendTo(managementPort, "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> sendTo(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    /** backend_auth_decisions_total of this check, outcome and reason in a scrape; 0 before the first. */
    private static double decisions(String scrape, String check, String outcome, String reason) {
        Matcher line = Pattern.compile("(?m)^backend_auth_decisions_total\\{([^}]*)} (\\S+)$").matcher(scrape);
        while (line.find()) {
            String labels = line.group(1);
            if (labels.contains("check=\"" + check + "\"") && labels.contains("outcome=\"" + outcome + "\"")
                    && labels.contains("reason=\"" + reason + "\"")) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }

    @Test
    void getGreetingWhenRefusedThenCountedOnceUnderItsCheckAndReason() {
        record Refusal(String check, String reason, java.util.function.Supplier<HttpResponse<String>> call) {
        }
        List<Refusal> refusals = List.of(
                new Refusal("function-key", "invalid_key", () -> call("GET", frontendToken(), "not-the-key")),
                new Refusal("function-key", "missing_key", () -> call("GET", frontendToken(), null)),
                new Refusal("token", "audience", () -> call("GET", mint(Map.of("aud", "api://someone-else"), null, null), key())),
                new Refusal("token", "expired", () -> call("GET", mint(Map.of("iat", Instant.now().minusSeconds(7200).getEpochSecond()),
                        -3600L, -7200L), key())),
                new Refusal("token", "missing_token", () -> call("GET", null, key())),
                new Refusal("allowed-tenants", "tenant", () -> call("GET", mint(Map.of("tid", java.util.UUID.randomUUID().toString()), null, null), key())));
        for (Refusal refusal : refusals) {
            double before = decisions(scrape(), refusal.check(), "denied", refusal.reason());

            assertThat(refusal.call().get().statusCode()).as(refusal.reason()).isIn(401, 403);

            assertThat(decisions(scrape(), refusal.check(), "denied", refusal.reason())).as(refusal.reason()).isEqualTo(before + 1);
        }
    }

    @Test
    void getPrometheusWhenOnManagementPortThenDecisionsCacheAgesAndAzureCallsWithoutSecrets() {
        double allowedBefore = decisions(scrape(), "all", "allowed", "none");

        assertThat(call("GET", frontendToken(), key()).statusCode()).isEqualTo(200);

        String scrape = scrape();
        assertThat(decisions(scrape, "all", "allowed", "none")).isEqualTo(allowedBefore + 1);
        assertThat(scrape).contains("azure_keyvault_secret_age_seconds{secret=\"backend-function-key\"}")
            .contains("azure_keyvault_secret_last_known_good{secret=\"backend-function-key\"}")
            .contains("entra_jwks_age_seconds ").contains("entra_jwks_last_known_good ")
            .contains("entra_jwks_fetches_total{outcome=\"success\"}")
            .contains("azure_calls_total{dependency=\"key_vault\",outcome=\"success\"}")
            .contains("azure_calls_total{dependency=\"identity\",outcome=\"success\"}")
            .doesNotContain(key())
            // Spring Security's own observations are off (TracingEnvironment): the decisions above say it once.
            .doesNotContain("spring_security_");
        assertThat(sendTo(managementPort, "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(sendTo(managementPort, "/actuator/metrics/backend.auth.decisions").statusCode()).isEqualTo(200);
    }
}
