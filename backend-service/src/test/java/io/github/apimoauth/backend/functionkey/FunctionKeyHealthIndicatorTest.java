package io.github.apimoauth.backend.functionkey;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class FunctionKeyHealthIndicatorTest {

    private final FunctionKeys keys = mock(FunctionKeys.class);

    private final FunctionKeyHealthIndicator indicator = new FunctionKeyHealthIndicator(keys);

    @Test
    void healthWhenNeverLoadedThenDown() {
        given(keys.state()).willReturn(new FunctionKeys.State(false, null, "ServiceUnavailable", List.of()));

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void healthWhenLoadedThenUp() {
        given(keys.state()).willReturn(new FunctionKeys.State(true, Instant.now(), null, List.of("v2", "v1")));

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getDetails()).containsEntry("acceptedVersions", 2);
    }

    @Test
    void healthWhenRefreshFailsAfterLoadThenDegradedNotDown() {
        given(keys.state()).willReturn(new FunctionKeys.State(true, Instant.now(), "ServiceUnavailable", List.of("v1")));

        assertThat(indicator.health().getStatus()).isEqualTo(FunctionKeyHealthIndicator.DEGRADED);
    }
}
