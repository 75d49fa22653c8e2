package io.github.apimoauth.gateway.keyvault;

import java.time.Duration;
import java.time.Instant;

import io.github.apimoauth.gateway.keyvault.HeldValue.Read;
import io.github.apimoauth.gateway.keyvault.HeldValue.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which answers of the vault keep a value, and which drop it. */
class HeldValueTest {

    private static final Duration MAX_STALENESS = Duration.ofHours(24);

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static HeldValue loaded(String value) {
        return HeldValue.loading().after(Read.value(value, true, null, null), 1, T0, MAX_STALENESS);
    }

    @Test
    void afterWhenVaultFailsWithinMaxStalenessThenLastValueStaysUsable() {
        HeldValue stale = loaded("k1").after(Read.failed("HttpResponseException (HTTP 503)"), 2, T0.plus(Duration.ofHours(23)), MAX_STALENESS);

        assertThat(stale.state()).isEqualTo(State.STALE);
        assertThat(stale.usableAt(T0.plus(Duration.ofHours(23)), MAX_STALENESS)).contains("k1");
    }

    @Test
    void usableAtWhenLastSuccessfulReadOlderThanMaxStalenessThenEmptyEvenBeforeNextRefresh() {
        HeldValue stale = loaded("k1").after(Read.failed("TimeoutException"), 2, T0.plusSeconds(60), MAX_STALENESS);

        assertThat(stale.usableAt(T0.plus(MAX_STALENESS).plusSeconds(1), MAX_STALENESS)).isEmpty();
    }

    @Test
    void afterWhenVaultFailsBeyondMaxStalenessThenDropped() {
        HeldValue dropped = loaded("k1").after(Read.failed("ConnectException"), 2, T0.plus(MAX_STALENESS).plusSeconds(1), MAX_STALENESS);

        assertThat(dropped.state()).isEqualTo(State.DROPPED);
        assertThat(dropped.value()).isNull();
    }

    @Test
    void afterWhenVaultRefusesThenGoneAndAnOutageAfterwardsDoesNotBringTheValueBack() {
        HeldValue gone = loaded("k1").after(Read.gone("ResourceNotFoundException (HTTP 404)"), 2, T0.plusSeconds(60), MAX_STALENESS);
        HeldValue stillGone = gone.after(Read.failed("HttpResponseException (HTTP 503)"), 3, T0.plusSeconds(120), MAX_STALENESS);

        assertThat(gone.state()).isEqualTo(State.GONE);
        assertThat(stillGone.state()).isEqualTo(State.GONE);
        assertThat(stillGone.usableAt(T0.plusSeconds(120), MAX_STALENESS)).isEmpty();
    }

    @Test
    void usableAtWhenExpiryPassesBetweenRefreshesThenEmpty() {
        Instant exp = T0.plusSeconds(30);
        HeldValue held = HeldValue.loading().after(Read.value("k1", true, null, exp), 1, T0, MAX_STALENESS);

        assertThat(held.usableAt(exp.minusSeconds(1), MAX_STALENESS)).contains("k1");
        assertThat(held.usableAt(exp, MAX_STALENESS)).isEmpty();
        assertThat(held.after(Read.failed("TimeoutException"), 2, exp, MAX_STALENESS).state()).isEqualTo(State.GONE);
    }

    @Test
    void afterWhenValueNotYetValidOrDisabledThenGoneAndPreviousValueNotKept() {
        HeldValue notYetValid = loaded("k1").after(Read.value("k2", true, T0.plusSeconds(3600), null), 2, T0, MAX_STALENESS);
        HeldValue disabled = loaded("k1").after(Read.value("k2", false, null, null), 2, T0, MAX_STALENESS);

        assertThat(notYetValid.state()).isEqualTo(State.GONE);
        assertThat(notYetValid.usableAt(T0, MAX_STALENESS)).isEmpty();
        assertThat(disabled.state()).isEqualTo(State.GONE);
    }
}
