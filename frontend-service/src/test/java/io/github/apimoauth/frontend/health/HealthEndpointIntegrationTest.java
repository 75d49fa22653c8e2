package io.github.apimoauth.frontend.health;

import org.junit.jupiter.api.Test;

import io.github.apimoauth.frontend.ChainIntegrationTest;
import io.github.apimoauth.frontend.PublicEndpointChainTest;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The probes answer anyone on the internet with a status and nothing else, as in the gateway and the backend: no
 * component, no detail of which credential is pending. The actuator itself is on the management port
 * ({@link ManagementPortIntegrationTest}).
 */
@PublicEndpointChainTest
class HealthEndpointIntegrationTest extends ChainIntegrationTest {

    @Test
    void healthWhenCalledThenStatusOnlyWithoutComponentsOrDetails() throws Exception {
        MvcResult ready = awaitReady();

        for (String path : new String[] { "/readyz", "/livez" }) {
            MvcResult result = mvc.perform(mvcGet(path))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist())
                .andExpect(jsonPath("$.details").doesNotExist())
                .andReturn();
            assertThat(result.getResponse().getContentAsString()).as(path)
                .doesNotContain("credentials", "subscriptionKey", "token", "eager");
        }
        assertThat(ready.getResponse().getStatus()).isEqualTo(200);
    }

    /** Readiness turns UP once the warm-up has the token and the key, within moments against the emulator. */
    private MvcResult awaitReady() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        MvcResult result = mvc.perform(mvcGet("/readyz")).andReturn();
        while (result.getResponse().getStatus() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            result = mvc.perform(mvcGet("/readyz")).andReturn();
        }
        return result;
    }
}
