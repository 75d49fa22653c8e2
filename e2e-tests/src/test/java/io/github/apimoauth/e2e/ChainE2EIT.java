package io.github.apimoauth.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.github.apimoauth.emulator.keys.SigningKeys;
import io.github.apimoauth.emulator.vault.SecretStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole story, through the real services and the real SDKs: who gets through, who is refused where, and that
 * rotations of signing keys and subscription keys never fail an allowed call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainE2EIT {

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]+");

    /** The frontend's trace of a call the gateway refused (a call the backend refused shows the gateway forwarding). */
    private static final Pattern GATEWAY_DENIED = Pattern.compile("\"hop\":\"gateway\"[^}]*\"decision\":\"denied\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Every key value this run saw, to prove afterwards that no log holds one. */
    private final Set<String> keyValues = Collections.synchronizedSet(new LinkedHashSet<>());

    private Chain chain;

    private String api;

    @BeforeAll
    void start() throws IOException {
        chain = new Chain();
        api = "api://" + chain.emulator.appId("backend-api");
    }

    @AfterAll
    void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    private HttpResponse<String> send(String method, String url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw Chain.unchecked(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private String secret(String name) {
        String value = chain.emulator.secretValue(name);
        keyValues.add(value);
        return value;
    }

    private HttpResponse<String> viaFrontend() {
        return send("GET", chain.frontendUrl + "/api/greeting?name=Ada", Map.of(), null);
    }

    /** A direct gateway call, as a client other than the frontend could make it. */
    private HttpResponse<String> toGateway(String token, String subscriptionKey, Map<String, String> extra, String query) {
        Map<String, String> headers = new HashMap<>(extra);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (subscriptionKey != null) {
            headers.put("Ocp-Apim-Subscription-Key", subscriptionKey);
        }
        return send("GET", chain.gatewayUrl + "/backend/api/greeting?name=Ada" + query, headers, null);
    }

    private String frontendToken() {
        return chain.emulator.tokenFor("frontend", api);
    }

    @Test
    @Order(1)
    void getGreetingWhenFrontendCallsThroughGatewayThen200WithCallerSeenByBackend() {
        HttpResponse<String> response = viaFrontend();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat((String) JsonPath.read(response.body(), "$.answer.caller.appId")).isEqualTo(chain.emulator.identity("frontend").clientId());
        assertThat((String) JsonPath.read(response.body(), "$.answer.caller.objectId")).isEqualTo(chain.emulator.identity("frontend").objectId());
        assertThat((List<String>) JsonPath.read(response.body(), "$.answer.caller.roles")).containsExactly("Backend.Read");
        assertThat((List<String>) JsonPath.read(response.body(), "$.trace[*].hop")).containsExactly("frontend", "gateway", "backend");
    }

    @Test
    @Order(1)
    void getGreetingWhenFrontendCallsThroughGatewayThenOneTraceIdInEveryHopAndItsLogLines() throws IOException {
        HttpResponse<String> response = viaFrontend();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String traceId = JsonPath.read(response.body(), "$.trace[0].correlationId");
        assertThat(traceId).matches("[0-9a-f]{32}");
        // The gateway's x-request-id, and the trace the backend continued from the traceparent it received.
        assertThat((List<String>) JsonPath.read(response.body(), "$.trace[*].correlationId")).containsOnly(traceId);
        assertThat((String) JsonPath.read(response.body(), "$.answer.correlationId")).isEqualTo(traceId);
        awaitLogLine("frontend", "[" + traceId + "-", "GET /api/greeting -> 200");
        awaitLogLine("backend", "[" + traceId + "-", "decision=allowed GET /api/greeting");

        // The gateway logs refusals only (an allowed call costs no line): a call it refuses carries the trace too.
        HttpResponse<String> refused = send("POST", chain.frontendUrl + "/api/greeting",
                Map.of("Content-Type", "application/json"), "{\"name\":\"Ada\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        String refusedTrace = JsonPath.read(refused.body(), "$.traceId");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("application/problem+json"));
        assertThat((List<String>) JsonPath.read(refused.body(), "$.trace[*].correlationId")).containsOnly(refusedTrace);
        awaitLogLine("gateway", "[" + refusedTrace + "-", "decision=denied route=");
        awaitLogLine("gateway", "policy=validate-azure-ad-token status=403", "traceId=" + refusedTrace);
        awaitLogLine("frontend", "[" + refusedTrace + "-", "POST /api/greeting -> 403");
    }

    /** Waits a little for a service's line holding both parts: the child processes write their logs themselves. */
    private void awaitLogLine(String service, String first, String second) throws IOException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            boolean found = chain.log(service).lines().anyMatch(line -> line.contains(first) && line.contains(second));
            if (found || Instant.now().isAfter(deadline)) {
                assertThat(found).as("a %s line with %s and %s", service, first, second).isTrue();
                return;
            }
            Chain.sleep(Duration.ofMillis(200));
        }
    }

    @Test
    @Order(2)
    void postGreetingWhenCallerHoldsOnlyReadRoleThen403AtGateway() {
        HttpResponse<String> response = send("POST", chain.frontendUrl + "/api/greeting", Map.of("Content-Type", "application/json"),
                "{\"name\":\"Ada\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.body()).contains("gateway").contains("Backend.Write");
    }

    @Test
    @Order(3)
    void callGatewayWhenSubscriptionKeyMissingOrInvalidThen401AndSecondaryKeyIsAccepted() {
        String token = frontendToken();

        HttpResponse<String> missing = toGateway(token, null, Map.of(), "");
        HttpResponse<String> invalid = toGateway(token, "not-a-subscription-key", Map.of(), "");
        HttpResponse<String> secondary = toGateway(token, secret("apim-subscription-key-secondary"), Map.of(), "");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("missing subscription key");
        assertThat(invalid.statusCode()).isEqualTo(401);
        assertThat(invalid.body()).contains("invalid subscription key");
        assertThat(secondary.statusCode()).as(secondary.body()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void callGatewayWhenIntruderOrForeignTenantThenDeniedAtGateway() {
        String key = secret("apim-subscription-key-primary");

        HttpResponse<String> intruder = toGateway(chain.emulator.tokenFor("intruder", api), key, Map.of(), "");
        HttpResponse<String> foreign = toGateway(chain.emulator.tokenFor("foreign", api), key, Map.of(), "");

        // APIM-shaped bodies ({"statusCode":…}) come from the gateway: the backend never saw these calls.
        assertThat(intruder.statusCode()).isEqualTo(403);
        assertThat(intruder.body()).contains("\"statusCode\":403");
        assertThat(foreign.statusCode()).isEqualTo(401);
        assertThat(foreign.body()).contains("\"statusCode\":401");
        assertThat(foreign.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).contains("invalid_token"));
    }

    @Test
    @Order(5)
    void callBackendDirectlyWhenBypassingGatewayThen401() {
        String token = frontendToken();

        HttpResponse<String> noKey = send("GET", chain.backendUrl + "/api/greeting?name=Ada", Map.of("Authorization", "Bearer " + token), null);
        HttpResponse<String> forged = send("GET", chain.backendUrl + "/api/greeting?name=Ada",
                Map.of("Authorization", "Bearer " + token, "x-functions-key", "forged"), null);

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("FunctionKey"));
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(6)
    void callGatewayWhenClientForgesFunctionKeyThenOnlyTheGatewaysKeyReachesBackend() {
        // A forged key that reached the backend would be refused there (401); 200 means the gateway replaced it.
        HttpResponse<String> response = toGateway(frontendToken(), secret("apim-subscription-key-primary"),
                Map.of("x-functions-key", "forged-by-client", "X-MS-CLIENT-PRINCIPAL-ID", "spoofed"), "&code=forged-by-client");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("spoofed");
    }

    @Test
    @Order(7)
    void callsWhenSigningKeyRollsOverThenNoAllowedCallFails() throws Exception {
        SigningKeys keys = chain.emulator.context().getBean(SigningKeys.class);
        String key = secret("apim-subscription-key-primary");
        List<String> failures = callContinuously(() -> {
            HttpResponse<String> viaFrontend = viaFrontend();
            HttpResponse<String> freshToken = toGateway(frontendToken(), key, Map.of(), "");
            return List.of(viaFrontend, freshToken);
        }, () -> {
            String next = keys.publishNext();
            Chain.sleep(Duration.ofSeconds(3));
            assertThat(keys.activateNext()).isEqualTo(next);
            Chain.sleep(Duration.ofSeconds(5));
        });

        assertThat(failures).isEmpty();
        assertThat(chain.emulator.tokenFor("frontend", api)).isNotNull();
    }

    @Test
    @Order(8)
    void callsWhenSubscriptionKeyRotatesThenNoAllowedCallFails() throws Exception {
        String previous = secret("apim-subscription-key-primary");
        String rotated = "rotated-" + UUID.randomUUID();
        keyValues.add(rotated);

        List<String> failures = callContinuously(() -> List.of(viaFrontend()), () -> {
            chain.emulator.setSecret("apim-subscription-key-primary", rotated);
            Chain.sleep(Duration.ofSeconds(8));
        });

        assertThat(failures).isEmpty();
        assertThat(toGateway(frontendToken(), previous, Map.of(), "").statusCode()).as("the old key after rotation").isEqualTo(401);
        assertThat(toGateway(frontendToken(), rotated, Map.of(), "").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(9)
    void callsWhenKeysDisabledInKeyVaultThenGatewayAndBackendStopAcceptingThemWithoutARestart() {
        SecretStore vault = chain.emulator.context().getBean(SecretStore.class);
        String secondary = secret("apim-subscription-key-secondary");
        assertThat(toGateway(frontendToken(), secondary, Map.of(), "").statusCode()).isEqualTo(200);

        // Revoking the secondary subscription key: the gateway refuses it, the frontend's primary key still works.
        vault.update("apim-subscription-key-secondary", "", false, null, null, null, null);
        try {
            awaitStatus(() -> toGateway(frontendToken(), secondary, Map.of(), ""), 401);
            assertThat(viaFrontend().statusCode()).isEqualTo(200);
        }
        finally {
            vault.update("apim-subscription-key-secondary", "", true, null, null, null, null);
        }
        awaitStatus(() -> toGateway(frontendToken(), secondary, Map.of(), ""), 200);

        // Revoking the function key: neither hop keeps the last value, so no call gets through.
        vault.update("backend-function-key", "", false, null, null, null, null);
        try {
            HttpResponse<String> refused = awaitStatus(this::viaFrontend, 502);
            assertThat(JsonPath.<Integer>read(refused.body(), "$.hopStatus")).isEqualTo(503);
        }
        finally {
            vault.update("backend-function-key", "", true, null, null, null, null);
        }
        awaitStatus(this::viaFrontend, 200);
    }

    /** Calls until the status is the one expected: each hop re-reads Key Vault every 2 s in this run. */
    private HttpResponse<String> awaitStatus(java.util.function.Supplier<HttpResponse<String>> call, int status) {
        Instant deadline = Instant.now().plusSeconds(30);
        HttpResponse<String> last = call.get();
        while (last.statusCode() != status && Instant.now().isBefore(deadline)) {
            Chain.sleep(Duration.ofMillis(250));
            last = call.get();
        }
        assertThat(last.statusCode()).as(last.body()).isEqualTo(status);
        return last;
    }

    /**
     * Issue 14's acceptance: an operator revokes the frontend's application at the store; the next calls are refused
     * on both gateway replicas within the refresh interval (1 s here), and restoring it lets them through again.
     */
    @Test
    @Order(10)
    void callsWhenFrontendApplicationRevokedAtTheStoreThenBothGatewaysRefuseUntilRestored() {
        String frontendClientId = chain.emulator.identity("frontend").clientId();
        PolicyStoreOperator operator = new PolicyStoreOperator(chain.emulator);
        assertThat(viaFrontend().statusCode()).isEqualTo(200);
        assertThat(toSecondGateway().statusCode()).isEqualTo(200);

        Instant written = Instant.now();
        operator.revokeApplication(frontendClientId, "e2e: leaked identity");
        try {
            // Refused by a gateway, not only by the backend (which reads the same store and may see it first):
            // through the frontend, its trace shows the gateway's hop denied; at the second replica, APIM's body.
            HttpResponse<String> refusedThroughFrontend = awaitAnswer(this::viaFrontend,
                    r -> r.statusCode() == 403 && GATEWAY_DENIED.matcher(r.body()).find());
            Duration first = Duration.between(written, Instant.now());
            HttpResponse<String> refusedAtSecond = awaitAnswer(this::toSecondGateway,
                    r -> r.statusCode() == 403 && r.body().contains("\"statusCode\":403"));
            Duration both = Duration.between(written, Instant.now());
            System.out.printf("Revocation: write to first refusal %.2f s, refused on both gateways after %.2f s%n",
                    first.toMillis() / 1000.0, both.toMillis() / 1000.0);

            assertThat(both).isLessThan(Duration.ofSeconds(10));
            assertThat(refusedThroughFrontend.body()).contains(frontendClientId);
            assertThat(refusedAtSecond.body()).contains("\"statusCode\":403").contains(frontendClientId).contains("revoked");
        }
        finally {
            operator.restoreApplication(frontendClientId);
        }
        assertThat(awaitStatus(this::viaFrontend, 200).statusCode()).isEqualTo(200);
        assertThat(awaitStatus(this::toSecondGateway, 200).statusCode()).isEqualTo(200);
    }

    /** Calls every 100 ms until an answer matches, for at most 15 s; returns that answer. */
    private HttpResponse<String> awaitAnswer(java.util.function.Supplier<HttpResponse<String>> call,
            java.util.function.Predicate<HttpResponse<String>> expected) {
        Instant deadline = Instant.now().plusSeconds(15);
        HttpResponse<String> last = call.get();
        while (!expected.test(last) && Instant.now().isBefore(deadline)) {
            Chain.sleep(Duration.ofMillis(100));
            last = call.get();
        }
        assertThat(expected.test(last)).as("%d %s", last.statusCode(), last.body()).isTrue();
        return last;
    }

    /** The frontend's own call (token and key), made to the second gateway replica. */
    private HttpResponse<String> toSecondGateway() {
        return send("GET", chain.secondGatewayUrl + "/backend/api/greeting?name=Ada",
                Map.of("Authorization", "Bearer " + frontendToken(), "Ocp-Apim-Subscription-Key",
                        secret("apim-subscription-key-primary")), null);
    }

    @Test
    @Order(10)
    void metricsWhenRefusalsHappenedThenCountedByReasonOnTheManagementPortsOnly() {
        // Orders 3 and 5 refused calls without a subscription key at the gateway and without a function key at the backend.
        HttpResponse<String> gateway = send("GET", chain.gatewayManagementUrl + "/actuator/prometheus", Map.of(), null);
        HttpResponse<String> backend = send("GET", chain.backendManagementUrl + "/actuator/prometheus", Map.of(), null);
        assertThat(gateway.statusCode()).isEqualTo(200);
        assertThat(gateway.body()).containsPattern(
                "apim_policy_decisions_total\\{outcome=\"denied\",policy=\"subscription-key\",reason=\"missing_key\"} [1-9]");
        assertThat(backend.statusCode()).isEqualTo(200);
        assertThat(backend.body()).containsPattern(
                "backend_auth_decisions_total\\{check=\"function-key\",outcome=\"denied\",reason=\"missing_key\"} [1-9]");

        // Not on the gateway's port, nor through its route to the backend's API port, nor on that port directly.
        HttpResponse<String> onGateway = send("GET", chain.gatewayUrl + "/actuator/prometheus", Map.of(), null);
        HttpResponse<String> throughRoute = send("GET", chain.gatewayUrl + "/backend/actuator/prometheus",
                Map.of("Authorization", "Bearer " + frontendToken(), "Ocp-Apim-Subscription-Key", secret("apim-subscription-key-primary")),
                null);
        HttpResponse<String> onBackend = send("GET", chain.backendUrl + "/actuator/prometheus", Map.of(), null);
        assertThat(onGateway.statusCode()).isEqualTo(404);
        assertThat(onGateway.body()).isEqualTo("{\"statusCode\":404,\"message\":\"Resource not found\"}");
        // The backend refuses it as any path no operation rule covers: the route never reaches an actuator.
        assertThat(throughRoute.statusCode()).as(throughRoute.body()).isEqualTo(403);
        assertThat(onBackend.statusCode()).isEqualTo(401);
        for (HttpResponse<String> refused : List.of(onGateway, throughRoute, onBackend)) {
            assertThat(refused.body()).doesNotContain("_total").doesNotContain("jvm_");
        }
    }

    @Test
    @Order(11)
    void logsWhenRunIsOverThenNoTokenOrKeyValueAppears() throws IOException {
        secret("backend-function-key");
        List<Path> logs = chain.logFiles();
        assertThat(logs).hasSizeGreaterThanOrEqualTo(4);
        for (Path log : logs) {
            String content = Files.readString(log);
            assertThat(JWT.matcher(content).find()).as("a JWT in %s", log).isFalse();
            for (String value : keyValues) {
                assertThat(content).as("a key value in %s", log).doesNotContain(value);
            }
        }
    }

    /** Makes calls on a second thread while the action runs; returns the calls that did not answer 200. */
    private List<String> callContinuously(java.util.concurrent.Callable<List<HttpResponse<String>>> calls, Runnable action)
            throws Exception {
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        int[] count = { 0 };
        Thread caller = new Thread(() -> {
            while (running.get()) {
                try {
                    for (HttpResponse<String> response : calls.call()) {
                        count[0]++;
                        if (response.statusCode() != 200) {
                            failures.add(Instant.now() + " " + response.statusCode() + " " + response.body());
                        }
                    }
                }
                catch (Exception ex) {
                    failures.add(Instant.now() + " " + ex);
                }
                Chain.sleep(Duration.ofMillis(100));
            }
        }, "e2e-caller");
        caller.start();
        try {
            action.run();
        }
        finally {
            running.set(false);
            caller.join(30_000);
        }
        assertThat(count[0]).as("calls made during the change").isGreaterThan(10);
        return failures;
    }
}
