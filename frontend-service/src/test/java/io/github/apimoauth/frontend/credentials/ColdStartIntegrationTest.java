package io.github.apimoauth.frontend.credentials;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.github.apimoauth.emulator.admin.Faults;
import io.github.apimoauth.frontend.ChainIntegrationTest;
import io.github.apimoauth.frontend.GatewayStubs;
import io.github.apimoauth.frontend.TestChain;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Lazy mode, where nothing is fetched before the first call, so the cold cases can be shown: an outage with nothing
 * cached, then caching, then an outage that the caches ride out. The order matters for the subscription key (this
 * context's store is cold only until a read succeeds); MSAL's JVM-wide token cache is emptied where a test needs it
 * cold. Timeouts are short and azure-core retries off; MSAL still retries the identity endpoint 3 times, 1 s apart.
 */
@SpringBootTest(properties = { "frontend.readiness.lazy=true", "frontend.key-vault.refresh-interval=10m",
        "azure.http.max-retries=0", "azure.http.read-timeout=1s" })
@AutoConfigureMockMvc
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ColdStartIntegrationTest extends ChainIntegrationTest {

    @BeforeEach
    void stubGateway() {
        gateway.stubFor(get(urlPathEqualTo(GatewayStubs.PATH)).willReturn(GatewayStubs.backendGreeting("Ada")));
    }

    @Autowired
    private BackendTokenProvider tokens;

    @Autowired
    private SubscriptionKeyStore keys;

    @AfterEach
    void endFaults() {
        emulator.clearFaults();
    }

    /** No token anywhere: neither in MSAL's JVM-wide cache nor held by the provider. */
    private void forgetCachedTokens() {
        TestChain.forgetCachedTokens();
        tokens.invalidate();
    }

    @Test
    @Order(1)
    void readinessWhenLazyThenUpBeforeAnythingWasObtained() throws Exception {
        mvc.perform(mvcGet("/readyz"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.status").value("UP"));
        assertThat(keys.loadedOnce()).isFalse();
    }

    @Test
    @Order(2)
    void getGreetingWhenKeyVaultIsDownAndNoKeyIsCachedThen503NamingKeyVault() throws Exception {
        emulator.fault(Faults.Target.KEY_VAULT, Faults.Mode.UNAVAILABLE, Duration.ofSeconds(30));

        String body = mvc.perform(mvcGet("/api/greeting?name=Ada"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(jsonPath("$.error").value("dependency unavailable"))
            .andExpect(jsonPath("$.dependency").value("key-vault"))
            .andReturn().getResponse().getContentAsString();

        assertThat(body).doesNotContain("Exception").doesNotContain("at io.");
        assertThat(gateway.getAllServeEvents()).isEmpty();
    }

    @Test
    @Order(3)
    void getGreetingWhenIdentityEndpointIsDownAndNoTokenIsCachedThen503NamingManagedIdentity() throws Exception {
        forgetCachedTokens();
        emulator.fault(Faults.Target.MANAGED_IDENTITY, Faults.Mode.UNAVAILABLE, Duration.ofSeconds(30));

        mvc.perform(mvcGet("/api/greeting?name=Ada"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(jsonPath("$.error").value("dependency unavailable"))
            .andExpect(jsonPath("$.dependency").value("managed-identity"));

        assertThat(gateway.getAllServeEvents()).isEmpty();
    }

    @Test
    @Order(4)
    void getGreetingWhenCalledRepeatedlyThenOneTokenRequestAndOneKeyVaultRead() throws Exception {
        forgetCachedTokens();
        emulator.resetCounters();

        for (int i = 0; i < 5; i++) {
            mvc.perform(mvcGet("/api/greeting?name=Ada")).andExpect(status().isOk());
        }

        assertThat(TestChain.tokenRequests(TestChain.backendResource())).isEqualTo(1);
        assertThat(TestChain.keyVaultReads(TestChain.SECRET)).isEqualTo(1);
        assertThat(gateway.getAllServeEvents()).hasSize(5);
    }

    @Test
    @Order(5)
    void getGreetingWhenIdentityEndpointAndKeyVaultAreDownButBothAreCachedThenSucceeds() throws Exception {
        mvc.perform(mvcGet("/api/greeting?name=Ada")).andExpect(status().isOk());
        emulator.fault(Faults.Target.MANAGED_IDENTITY, Faults.Mode.UNAVAILABLE, Duration.ofSeconds(30));
        emulator.fault(Faults.Target.KEY_VAULT, Faults.Mode.UNAVAILABLE, Duration.ofSeconds(30));

        mvc.perform(mvcGet("/api/greeting?name=Ada"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.answer.message").value("Hello, Ada!"));
    }

    @Test
    @Order(6)
    void getGreetingWhenIdentityEndpointHangsAndNoTokenIsCachedThen503WithinTimeouts() throws Exception {
        forgetCachedTokens();
        emulator.fault(Faults.Target.MANAGED_IDENTITY, Faults.Mode.HANG, Duration.ofSeconds(20));

        mvc.perform(mvcGet("/api/greeting?name=Ada"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(jsonPath("$.dependency").value("managed-identity"));
    }
}
