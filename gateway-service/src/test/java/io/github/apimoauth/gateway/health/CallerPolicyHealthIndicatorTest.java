package io.github.apimoauth.gateway.health;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.github.apimoauth.azure.appconfig.PolicyStatus;
import io.github.apimoauth.azure.appconfig.PolicyStore;
import io.github.apimoauth.entra.policy.CallerPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness of the caller policy, from the store's status: the shape the details have and the status each state maps to. */
class CallerPolicyHealthIndicatorTest {

    private static final Instant READ = Instant.parse("2026-12-01T10:00:00Z");

    private static Health health(PolicyStatus status) {
        PolicyStore store = new PolicyStore() {
            @Override
            public Optional<CallerPolicy> current() {
                return Optional.empty();
            }

            @Override
            public PolicyStatus status() {
                return status;
            }
        };
        return new CallerPolicyHealthIndicator(store).health().block();
    }

    @Test
    void healthWhenNoStoreThenUpWithTheEmbeddedPolicy() {
        Health health = health(PolicyStore.embedded().status());

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsExactly(Map.entry("source", "embedded"), Map.entry("state", "current"),
                Map.entry("policyVersion", "embedded"));
    }

    @Test
    void healthWhenStoreNeverReadThenOutOfServiceWithTheReason() {
        Health health = health(new PolicyStatus("app-configuration", false, null, null, READ, "HttpResponseException (HTTP 403)", null));

        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails()).containsEntry("state", "loading").containsEntry("policyVersion", "none")
            .containsEntry("lastError", "HttpResponseException (HTTP 403)");
    }

    @Test
    void healthWhenStoreStaleThenDegradedNamingSinceWhen() {
        Health health = health(new PolicyStatus("app-configuration", true, "42", READ, READ.plusSeconds(5), "HttpResponseException (HTTP 503)", null));

        assertThat(health.getStatus()).isEqualTo(CallerPolicyHealthIndicator.DEGRADED);
        assertThat(health.getDetails()).containsEntry("state", "stale").containsEntry("policyVersion", "42")
            .containsEntry("lastRead", "2026-12-01T10:00:00Z").containsEntry("staleSince", "2026-12-01T10:00:05Z");
    }

    @Test
    void healthWhenDocumentRefusedThenDegradedNamingTheKey() {
        Health health = health(new PolicyStatus("app-configuration", true, "42", READ, null, null,
                "apim-oauth:policy:revoked-application:x: must end in a GUID"));

        assertThat(health.getStatus()).isEqualTo(CallerPolicyHealthIndicator.DEGRADED);
        assertThat(health.getDetails()).containsEntry("state", "malformed")
            .containsEntry("malformed", "apim-oauth:policy:revoked-application:x: must end in a GUID");
    }

    @Test
    void healthWhenStoreCurrentThenUp() {
        assertThat(health(new PolicyStatus("app-configuration", true, "42", READ, null, null, null)).getStatus()).isEqualTo(Status.UP);
    }
}
