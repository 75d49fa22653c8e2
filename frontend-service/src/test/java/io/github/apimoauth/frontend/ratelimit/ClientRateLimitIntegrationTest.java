package io.github.apimoauth.frontend.ratelimit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.apimoauth.frontend.ChainIntegrationTest;
import io.github.apimoauth.frontend.GatewayStubs;
import io.github.apimoauth.frontend.PublicEndpointChainTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.apimoauth.frontend.PublicEndpointChainTest.INGRESS;
import static io.github.apimoauth.frontend.PublicEndpointChainTest.REQUESTS_PER_PERIOD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The per-address limit behind the Container Apps ingress (one trusted proxy): a burst from one address is refused
 * before it costs a gateway call, others are still served, the client's own X-Forwarded-For entries buy no new bucket,
 * and the probes are never refused. Each test calls from addresses of its own (documentation ranges).
 */
@PublicEndpointChainTest
class ClientRateLimitIntegrationTest extends ChainIntegrationTest {

    @BeforeEach
    void stubGateway() {
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).willReturn(GatewayStubs.backendGreeting("Ada")));
    }

    private void spend(String peer, String... forwardedFor) throws Exception {
        for (int i = 0; i < REQUESTS_PER_PERIOD; i++) {
            mvc.perform(mvcGet("/api/greeting?name=Ada").with(from(peer, forwardedFor))).andExpect(status().isOk());
        }
    }

    @Test
    void getGreetingWhenOneAddressBurstsPastTheLimitThen429WithRetryAfterAndProblemWhileAnotherAddressIsServed()
            throws Exception {
        spend(INGRESS, "203.0.113.10");

        MvcResult refused = mvc.perform(mvcGet("/api/greeting?name=Ada").with(from(INGRESS, "203.0.113.10")))
            .andExpect(status().isTooManyRequests())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.type").value("about:blank"))
            .andExpect(jsonPath("$.title").value("Too Many Requests"))
            .andExpect(jsonPath("$.status").value(429))
            .andExpect(jsonPath("$.error").value("rate limit exceeded"))
            .andExpect(jsonPath("$.detail").value(startsWith("More than " + REQUESTS_PER_PERIOD + " requests in 3600 s")))
            .andReturn();
        // The bucket refills one request every 3600 / 5 = 720 s; the next one is due in at most that.
        assertThat(Long.parseLong(refused.getResponse().getHeader("Retry-After"))).isBetween(1L, 720L);

        mvc.perform(mvcGet("/api/greeting?name=Ada").with(from(INGRESS, "203.0.113.11")))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.answer.message").value("Hello, Ada!"));
        // The refused call cost nothing downstream.
        assertThat(gateway.findAll(getRequestedFor(urlPathEqualTo(GatewayStubs.PATH)))).hasSize(REQUESTS_PER_PERIOD + 1);
    }

    @Test
    void getGreetingWhenClientWritesItsOwnLeftMostForwardedForThenSameBucketAndRefused() throws Exception {
        for (int i = 0; i < REQUESTS_PER_PERIOD; i++) {
            mvc.perform(mvcGet("/api/greeting?name=Ada").with(from(INGRESS, "198.51.100." + i + ", 203.0.113.20")))
                .andExpect(status().isOk());
        }

        // A new claim on the left, even on a header line of its own: the ingress's entry, right-most, still counts.
        mvc.perform(mvcGet("/api/greeting?name=Ada").with(from(INGRESS, "198.51.100.99", "203.0.113.20")))
            .andExpect(status().isTooManyRequests())
            .andExpect(header().exists("Retry-After"))
            .andExpect(jsonPath("$.status").value(429));
    }

    @Test
    void probesWhenTheirAddressIsOverTheLimitThenStillAnswered() throws Exception {
        spend(INGRESS, "203.0.113.30");
        mvc.perform(mvcGet("/api/greeting?name=Ada").with(from(INGRESS, "203.0.113.30")))
            .andExpect(status().isTooManyRequests());

        mvc.perform(mvcGet("/livez").with(from(INGRESS, "203.0.113.30")))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.status").value("UP"));
        int status = mvc.perform(mvcGet("/readyz").with(from(INGRESS, "203.0.113.30"))).andReturn().getResponse().getStatus();
        // UP (200) or, while the warm-up is still going, OUT_OF_SERVICE (503): never refused.
        assertThat(status).isIn(200, 503);
    }

    @Test
    void getGreetingWhenNoForwardedForBehindTheTrustedProxyThenTheConnectionsPeerCounts() throws Exception {
        // A call from inside the environment reaches the replica directly: no ingress entry, so its peer is the client.
        spend("10.0.0.40");

        mvc.perform(mvcGet("/api/greeting?name=Ada").with(from("10.0.0.40")))
            .andExpect(status().isTooManyRequests());
        mvc.perform(mvcGet("/api/greeting?name=Ada").with(from("10.0.0.41")))
            .andExpect(status().isOk());
    }
}
