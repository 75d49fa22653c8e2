package io.github.apimoauth.frontend.greeting;

import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.apimoauth.frontend.ChainIntegrationTest;
import io.github.apimoauth.frontend.EagerChainTest;
import io.github.apimoauth.frontend.GatewayStubs;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Refusals and silence from the gateway or the backend, each mapped to this service's status with the hop's own
 * status and message passed through; nothing but an invalid subscription key on a GET is retried.
 */
@EagerChainTest
class GatewayRefusalIntegrationTest extends ChainIntegrationTest {

    @Test
    void postGreetingWhenGatewayDeniesThenPasses403ThroughWithoutRetry() throws Exception {
        gateway.stubFor(post(urlPathEqualTo(GatewayStubs.PATH))
            .willReturn(GatewayStubs.apim(403, "JWT is missing the following claims: roles. Access denied.")));

        MvcResult result = mvc.perform(mvcPost("/api/greeting")
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ada\"}"))
            .andExpect(status().isForbidden())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.title").value("Forbidden"))
            .andExpect(jsonPath("$.error").value("gateway denied the call"))
            .andExpect(jsonPath("$.status").value(403))
            .andExpect(jsonPath("$.hopStatus").value(403))
            .andExpect(jsonPath("$.traceId").value(matchesPattern("[0-9a-f]{32}")))
            .andExpect(jsonPath("$.trace[0].correlationId").value(matchesPattern("[0-9a-f]{32}")))
            .andExpect(jsonPath("$.detail").value("JWT is missing the following claims: roles. Access denied."))
            .andExpect(jsonPath("$.trace[*].hop").value(contains("frontend", "gateway")))
            .andReturn();

        List<LoggedRequest> sent = gateway.findAll(postRequestedFor(urlPathEqualTo(GatewayStubs.PATH)));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getBodyAsString()).isEqualTo("{\"name\":\"Ada\"}");
        assertThat(sent.get(0).getHeader("Content-Type")).isEqualTo("application/json");
        assertNoCredential(result, bearer(sent.get(0)));
    }

    @ParameterizedTest(name = "gateway {0} -> frontend {2}")
    @CsvSource(delimiter = '|', textBlock = """
            401 | {"statusCode":401,"message":"Invalid JWT."}                    | 502 | gateway denied the call
            403 | {"statusCode":403,"message":"Claim roles value is not allowed."} | 403 | gateway denied the call
            403 | {"error":"forbidden","message":"principal not allowed"}        | 403 | backend denied the call
            429 | {"statusCode":429,"message":"Rate limit is exceeded"}          | 429 | gateway rate limit exceeded
            500 | {"error":"internal","message":"backend broke"}                 | 502 | backend failed
            503 | {"statusCode":503,"message":"Service unavailable"}             | 502 | gateway failed
            """)
    void getGreetingWhenGatewayRefusesThenMapsStatusAndPassesMessageThrough(int gatewayStatus, String body,
            int expectedStatus, String expectedError) throws Exception {
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).willReturn(aResponse().withStatus(gatewayStatus).withHeader("Content-Type", "application/json")
            .withHeader("Retry-After", "7").withBody(body)));

        MvcResult result = mvc.perform(mvcGet("/api/greeting?name=Ada"))
            .andExpect(status().is(expectedStatus))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.error").value(expectedError))
            .andExpect(jsonPath("$.status").value(expectedStatus))
            .andExpect(jsonPath("$.hopStatus").value(gatewayStatus))
            .andExpect(jsonPath("$.detail").isNotEmpty())
            .andReturn();

        if (gatewayStatus == 429) {
            assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("7");
        }
        List<LoggedRequest> sent = gateway.findAll(getRequestedFor(urlPathEqualTo(GatewayStubs.PATH)));
        assertThat(sent).as("no retry for anything but an invalid subscription key").hasSize(1);
        assertNoCredential(result, bearer(sent.get(0)));
    }

    @Test
    void getGreetingWhenGatewayDoesNotAnswerInTimeThen504() throws Exception {
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH))
            .willReturn(GatewayStubs.backendGreeting("Ada").withFixedDelay(2_000)));

        mvc.perform(mvcGet("/api/greeting?name=Ada"))
            .andExpect(status().isGatewayTimeout())
            .andExpect(jsonPath("$.error").value("gateway did not answer in time"))
            .andExpect(jsonPath("$.hopStatus").doesNotExist())
            .andExpect(jsonPath("$.trace[1].decision").value("no answer in time"));
    }

    @Test
    void postGreetingWhenGatewayReportsInvalidSubscriptionKeyThenIsNotRetried() throws Exception {
        gateway.stubFor(post(urlPathEqualTo(GatewayStubs.PATH)).willReturn(GatewayStubs.apim(401, GatewayStubs.INVALID_KEY)));

        mvc.perform(mvcPost("/api/greeting")
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ada\"}"))
            .andExpect(status().isBadGateway())
            .andExpect(jsonPath("$.status").value(502))
            .andExpect(jsonPath("$.hopStatus").value(401))
            .andExpect(jsonPath("$.detail").value(GatewayStubs.INVALID_KEY));

        assertThat(gateway.findAll(postRequestedFor(urlPathEqualTo(GatewayStubs.PATH)))).hasSize(1);
    }
}
