package io.github.apimoauth.frontend.greeting;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.frontend.ChainIntegrationTest;
import io.github.apimoauth.frontend.EagerChainTest;
import io.github.apimoauth.frontend.GatewayStubs;
import io.github.apimoauth.frontend.TestChain;
import io.github.apimoauth.frontend.credentials.BackendTokenProvider;
import io.github.apimoauth.frontend.credentials.SubscriptionKeyStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The allowed path through the real managed-identity and Key Vault SDK calls (in-process emulator) to a WireMock
 * gateway: the exact request, the trace, the key rotation, the logs and readiness. Every call checks that no token
 * or key reaches a response body.
 */
@EagerChainTest
@ExtendWith(OutputCaptureExtension.class)
class GreetingIntegrationTest extends ChainIntegrationTest {

    @Autowired
    private BackendTokenProvider tokens;

    @Autowired
    private SubscriptionKeyStore keys;

    @Test
    void getGreetingWhenChainAllowsThenSendsExactHeadersAndReturnsAnswerWithTrace() throws Exception {
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).willReturn(GatewayStubs.backendGreeting("Ada")));

        MvcResult result = mvc.perform(mvcGet("/api/greeting?name=Ada"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.answer.message").value("Hello, Ada!"))
            .andExpect(jsonPath("$.trace[*].hop").value(contains("frontend", "gateway", "backend")))
            .andExpect(jsonPath("$.trace[0].decision").value("token acquired"))
            .andExpect(jsonPath("$.trace[0].token.resource").value(TestChain.backendResource()))
            .andExpect(jsonPath("$.trace[0].token.version").value("2.0"))
            .andExpect(jsonPath("$.trace[0].token.appId").value(emulator.identity("frontend").clientId()))
            .andExpect(jsonPath("$.trace[0].token.tenantId").value(emulator.tenantId("home")))
            .andExpect(jsonPath("$.trace[0].token.objectId").value(emulator.identity("frontend").objectId()))
            .andExpect(jsonPath("$.trace[0].token.roles").value(contains("Backend.Read")))
            .andExpect(jsonPath("$.trace[0].token.expiresOn").isNotEmpty())
            .andExpect(jsonPath("$.trace[0].subscriptionKey.secretName").value(TestChain.SECRET))
            .andExpect(jsonPath("$.trace[0].subscriptionKey.version").isNotEmpty())
            .andExpect(jsonPath("$.answer.caller.appId").value("a"))
            .andExpect(jsonPath("$.trace[1].status").value(200))
            .andExpect(jsonPath("$.trace[1].decision").value("forwarded"))
            .andExpect(jsonPath("$.trace[1].correlationId").value("req-42"))
            .andExpect(jsonPath("$.trace[2].decision").value("allowed"))
            .andExpect(jsonPath("$.trace[2].caller.roles").value(contains("Backend.Read")))
            .andReturn();

        List<LoggedRequest> sent = gateway.findAll(getRequestedFor(urlPathEqualTo(GatewayStubs.PATH)));
        assertThat(sent).hasSize(1);
        LoggedRequest call = sent.get(0);
        assertThat(call.getUrl()).isEqualTo(GatewayStubs.PATH + "?name=Ada");
        // The first four are ours; the rest is what Apache HttpClient adds to any request (no Accept-Encoding: off).
        assertThat(headerNames(call)).isEqualTo(Set.of("authorization", "ocp-apim-subscription-key", "accept",
                "traceparent", "host", "user-agent", "connection"));
        assertThat(call.getHeader("Ocp-Apim-Subscription-Key")).isEqualTo(emulator.secretValue(TestChain.SECRET));
        assertThat(call.getHeader("Accept")).isEqualTo("application/json");
        // No exporter here, so the frontend, the first hop, records no span (sampled flag 00); the id still travels.
        assertThat(call.getHeader("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
        // The hop trace's correlation id is the trace id the gateway call carried.
        String traceId = call.getHeader("traceparent").substring(3, 35);
        assertThat(JsonPath.<String>read(result.getResponse().getContentAsString(), "$.trace[0].correlationId")).isEqualTo(traceId);
        String authorization = call.getHeader("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        String claims = payload(authorization.substring("Bearer ".length()));
        assertThat(claims).contains("\"aud\":\"" + emulator.appId("backend-api") + "\"")
            .contains("\"azp\":\"" + emulator.identity("frontend").clientId() + "\"")
            .contains("Backend.Read");
        assertNoCredential(result, authorization.substring("Bearer ".length()));
    }

    @Test
    void getGreetingWhenCallerSendsTraceparentThenGatewayCallAndLogLineContinueItsTrace(CapturedOutput output) throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).willReturn(GatewayStubs.backendGreeting("Ada")));

        mvc.perform(mvcGet("/api/greeting?name=Ada").header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.trace[0].correlationId").value(traceId));

        List<LoggedRequest> sent = gateway.findAll(getRequestedFor(urlPathEqualTo(GatewayStubs.PATH)));
        assertThat(sent).hasSize(1);
        // A new parent id: the frontend's client span, not the caller's.
        assertThat(sent.get(0).getHeader("traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-01")
            .doesNotContain("00f067aa0ba902b7");
        assertThat(output.getAll()).containsPattern("\\[" + traceId + "-[0-9a-f]{16}\\] .*GET /api/greeting -> 200");
    }

    @Test
    void getGreetingWhenGatewayReportsInvalidSubscriptionKeyThenReloadsKeyOnceAndRetries() throws Exception {
        String oldKey = emulator.secretValue(TestChain.SECRET);
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).willReturn(GatewayStubs.backendGreeting("Ada")));
        mvc.perform(mvcGet("/api/greeting?name=Ada")).andExpect(status().isOk());
        String newKey = "rotated-" + UUID.randomUUID();
        emulator.setSecret(TestChain.SECRET, newKey);
        emulator.resetCounters();
        gateway.resetAll();
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).withHeader("Ocp-Apim-Subscription-Key", equalTo(oldKey))
            .willReturn(GatewayStubs.apim(401, GatewayStubs.INVALID_KEY)));
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).withHeader("Ocp-Apim-Subscription-Key", equalTo(newKey))
            .willReturn(GatewayStubs.backendGreeting("Ada")));

        MvcResult result = mvc.perform(mvcGet("/api/greeting?name=Ada"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.answer.message").value("Hello, Ada!"))
            .andExpect(jsonPath("$.trace[*].hop").value(contains("frontend", "gateway", "gateway", "backend")))
            .andExpect(jsonPath("$.trace[0].subscriptionKey.reloaded").value(true))
            .andExpect(jsonPath("$.trace[1].status").value(401))
            .andExpect(jsonPath("$.trace[1].attempt").value(1))
            .andExpect(jsonPath("$.trace[2].attempt").value(2))
            .andReturn();

        List<LoggedRequest> sent = gateway.findAll(getRequestedFor(urlPathEqualTo(GatewayStubs.PATH)));
        assertThat(sent).extracting(r -> r.getHeader("Ocp-Apim-Subscription-Key")).containsExactly(oldKey, newKey);
        assertThat(TestChain.keyVaultReads(TestChain.SECRET)).isEqualTo(1);
        assertNoCredential(result, bearer(sent.get(0)), oldKey);
    }

    @Test
    void getGreetingWhenBackendEchoesTheKeyThenBodyIsWithheld() throws Exception {
        String key = currentKeyAfterOneCall();
        gateway.resetAll();
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"message\":\"your key is " + key + "\"}")));

        MvcResult result = mvc.perform(mvcGet("/api/greeting?name=Ada"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.answer").value("[withheld: the response contained a credential]"))
            .andReturn();

        assertNoCredential(result, bearer(gateway.findAll(getRequestedFor(urlPathEqualTo(GatewayStubs.PATH))).get(0)), key);
    }

    @Test
    void getGreetingWhenCallsSucceedAndFailThenLogsCarryNoTokenOrKey(CapturedOutput output) throws Exception {
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).willReturn(GatewayStubs.backendGreeting("Ada")));
        gateway.stubFor(post(urlPathEqualTo(GatewayStubs.PATH)).willReturn(GatewayStubs.apim(403, "Access denied.")));

        mvc.perform(mvcGet("/api/greeting?name=Ada")).andExpect(status().isOk());
        mvc.perform(mvcPost("/api/greeting")
            .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ada\"}")).andExpect(status().isForbidden());

        LoggedRequest call = gateway.findAll(anyRequestedFor(urlPathEqualTo(GatewayStubs.PATH))).get(0);
        String token = bearer(call);
        String key = call.getHeader("Ocp-Apim-Subscription-Key");
        assertThat(output.getAll()).contains("-> 200").doesNotContain(token).doesNotContain(key);
        // A fragment long enough to be unique: a token split across a line would still show it.
        assertThat(output.getAll()).doesNotContain(token.substring(token.length() - 24))
            .doesNotContain(key.substring(0, 16));
    }

    @Test
    void readinessWhenTokenAndKeyObtainedThenUp() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        MvcResult result;
        do {
            result = mvc.perform(mvcGet("/readyz")).andReturn();
        }
        while (result.getResponse().getStatus() != 200 && System.nanoTime() < deadline && pause());

        mvc.perform(mvcGet("/readyz"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.status").value("UP"))
            .andExpect(header().string("Content-Type", matchesPattern("application/.*json.*")));
        // What made it UP; the endpoint itself shows no details (see HealthEndpointIntegrationTest).
        assertThat(tokens.obtainedOnce()).isTrue();
        assertThat(keys.loadedOnce()).isTrue();
    }

    private String currentKeyAfterOneCall() throws Exception {
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).willReturn(GatewayStubs.backendGreeting("Ada")));
        mvc.perform(mvcGet("/api/greeting?name=Ada")).andExpect(status().isOk());
        return gateway.findAll(getRequestedFor(urlPathEqualTo(GatewayStubs.PATH))).get(0).getHeader("Ocp-Apim-Subscription-Key");
    }

    private static boolean pause() {
        try {
            Thread.sleep(100);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
