package io.github.apimoauth.backend.auth;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.apimoauth.azure.appconfig.PolicyStatus;
import io.github.apimoauth.azure.appconfig.PolicyStore;
import io.github.apimoauth.entra.policy.CallerPolicy;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness of the caller policy at the backend: DOWN before the store was read, DEGRADED while stale or refused. */
class CallerPolicyHealthIndicatorTest {

    private static final Instant READ = Instant.parse("2026-12-01T10:00:00Z");

    private static Health health(PolicyStatus status) {
        return new CallerPolicyHealthIndicator(new PolicyStore() {
            @Override
            public Optional<CallerPolicy> current() {
                return Optional.empty();
            }

            @Override
            public PolicyStatus status() {
                return status;
            }
        }).health();
    }

    @Test
    void healthWhenNoStoreThenUpWithTheEmbeddedPolicy() {
        Health health = health(PolicyStore.embedded().status());

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("source", "embedded").containsEntry("policyVersion", "embedded");
    }

    @Test
    void healthWhenStoreNeverReadThenDown() {
        Health health = health(new PolicyStatus("app-configuration", false, null, null, READ, "HttpTimeoutException", null));

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("state", "loading").containsEntry("lastError", "HttpTimeoutException");
    }

    @Test
    void healthWhenStaleOrRefusedThenDegradedAndCurrentThenUp() {
        assertThat(health(new PolicyStatus("app-configuration", true, "7", READ, READ, "HttpTimeoutException", null)).getStatus())
            .isEqualTo(CallerPolicyHealthIndicator.DEGRADED);
        assertThat(health(new PolicyStatus("app-configuration", true, "7", READ, null, null, "k: bad")).getStatus())
            .isEqualTo(CallerPolicyHealthIndicator.DEGRADED);
        assertThat(health(new PolicyStatus("app-configuration", true, "7", READ, null, null, null)).getStatus()).isEqualTo(Status.UP);
    }
}
