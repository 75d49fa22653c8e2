package io.github.apimoauth.frontend.health;

import org.junit.jupiter.api.Test;

import io.github.apimoauth.frontend.credentials.BackendTokenProvider;
import io.github.apimoauth.frontend.credentials.SubscriptionKeyStore;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** Readiness rules; the integration tests show the eager UP and the lazy UP against the emulator. */
class CredentialsHealthIndicatorTest {

    private final BackendTokenProvider tokens = mock(BackendTokenProvider.class);

    private final SubscriptionKeyStore keys = mock(SubscriptionKeyStore.class);

    @Test
    void healthWhenEagerAndOnlyTheTokenWasObtainedThenOutOfService() {
        given(tokens.obtainedOnce()).willReturn(true);

        var health = new CredentialsHealthIndicator(tokens, keys, false).health();

        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails()).containsEntry("token", "obtained").containsEntry("subscriptionKey", "pending");
    }

    @Test
    void healthWhenEagerAndBothObtainedThenUp() {
        given(tokens.obtainedOnce()).willReturn(true);
        given(keys.loadedOnce()).willReturn(true);

        assertThat(new CredentialsHealthIndicator(tokens, keys, false).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void healthWhenLazyAndNothingObtainedThenUp() {
        assertThat(new CredentialsHealthIndicator(tokens, keys, true).health().getStatus()).isEqualTo(Status.UP);
    }
}
