package io.github.apimoauth.frontend.greeting;

import org.junit.jupiter.api.Test;

import io.github.apimoauth.frontend.ChainIntegrationTest;
import io.github.apimoauth.frontend.GatewayStubs;
import io.github.apimoauth.frontend.PublicEndpointChainTest;
import io.github.apimoauth.frontend.TestChain;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The summary trace, as infra/ sets it: each hop's decision, the token's version, roles and expiry, where the key
 * came from; no tenant, object or client id and no secret name or version, in an answer or a refusal.
 */
@PublicEndpointChainTest
class TraceSummaryIntegrationTest extends ChainIntegrationTest {

    /** Everything a summary must not show: the real ids in the token, the backend's app id, the secret's name. */
    private void assertNoIdOrSecretName(MvcResult result) throws Exception {
        String body = result.getResponse().getContentAsString();
        assertThat(body).doesNotContain(emulator.identity("frontend").clientId())
            .doesNotContain(emulator.identity("frontend").objectId())
            .doesNotContain(emulator.tenantId("home"))
            .doesNotContain(emulator.appId("backend-api"))
            .doesNotContain(TestChain.SECRET);
    }

    @Test
    void getGreetingWhenTraceIsSummaryThenNoIdsSecretNameOrVersion() throws Exception {
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).willReturn(GatewayStubs.backendGreeting("Ada")));

        MvcResult result = mvc.perform(mvcGet("/api/greeting?name=Ada").with(from("192.0.2.50")))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.answer.message").value("Hello, Ada!"))
            .andExpect(jsonPath("$.trace[*].hop").value(contains("frontend", "gateway", "backend")))
            .andExpect(jsonPath("$.trace[0].token.version").value("2.0"))
            .andExpect(jsonPath("$.trace[0].token.roles").value(contains("Backend.Read")))
            .andExpect(jsonPath("$.trace[0].token.expiresOn").isNotEmpty())
            .andExpect(jsonPath("$.trace[0].token.resource").doesNotExist())
            .andExpect(jsonPath("$.trace[0].token.appId").doesNotExist())
            .andExpect(jsonPath("$.trace[0].token.tenantId").doesNotExist())
            .andExpect(jsonPath("$.trace[0].token.objectId").doesNotExist())
            .andExpect(jsonPath("$.trace[0].subscriptionKey.source").value("key-vault"))
            .andExpect(jsonPath("$.trace[0].subscriptionKey.secretName").doesNotExist())
            .andExpect(jsonPath("$.trace[0].subscriptionKey.version").doesNotExist())
            .andExpect(jsonPath("$.trace[2].caller.roles").value(contains("Backend.Read")))
            .andExpect(jsonPath("$.trace[2].caller.tokenVersion").value("2.0"))
            .andExpect(jsonPath("$.trace[2].caller.appId").doesNotExist())
            .andExpect(jsonPath("$.trace[2].caller.tenantId").doesNotExist())
            .andExpect(jsonPath("$.trace[2].caller.objectId").doesNotExist())
            .andExpect(jsonPath("$.answer.caller.roles").value(contains("Backend.Read")))
            .andExpect(jsonPath("$.answer.caller.appId").doesNotExist())
            .andExpect(jsonPath("$.answer.caller.tenantId").doesNotExist())
            .andExpect(jsonPath("$.answer.caller.objectId").doesNotExist())
            .andReturn();

        assertNoIdOrSecretName(result);
    }

    @Test
    void postGreetingWhenGatewayDeniesAndTraceIsSummaryThenRefusalCarriesNoIds() throws Exception {
        gateway.stubFor(post(urlPathEqualTo(GatewayStubs.PATH)).willReturn(GatewayStubs.apim(403, "Access denied.")));

        MvcResult result = mvc.perform(mvcPost("/api/greeting").with(from("192.0.2.51"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ada\"}"))
            .andExpect(status().isForbidden())
            .andExpect(jsonPath("$.error").value("gateway denied the call"))
            .andExpect(jsonPath("$.trace[0].token.roles").value(contains("Backend.Read")))
            .andExpect(jsonPath("$.trace[0].token.appId").doesNotExist())
            .andExpect(jsonPath("$.trace[0].subscriptionKey.secretName").doesNotExist())
            .andReturn();

        assertNoIdOrSecretName(result);
    }

    @Test
    void getGreetingWhenBackendRefusalNamesAnIdAndTraceIsSummaryThenIdMasked() throws Exception {
        String clientId = emulator.identity("frontend").clientId();
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).willReturn(aResponse().withStatus(403)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"insufficient_scope\",\"message\":\"Denied by allowed-applications: application "
                    + clientId + " is not allowed\"}")));

        MvcResult result = mvc.perform(mvcGet("/api/greeting?name=Ada").with(from("192.0.2.52")))
            .andExpect(status().isForbidden())
            .andExpect(jsonPath("$.error").value("backend denied the call"))
            .andExpect(jsonPath("$.detail").value("Denied by allowed-applications: application {id} is not allowed"))
            .andExpect(jsonPath("$.trace[2].detail").value("Denied by allowed-applications: application {id} is not allowed"))
            .andReturn();

        assertNoIdOrSecretName(result);
    }
}
