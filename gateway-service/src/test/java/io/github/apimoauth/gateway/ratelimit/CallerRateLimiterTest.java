package io.github.apimoauth.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CallerRateLimiterTest {

    private static boolean allowed(CallerRateLimiter limiter, String caller) {
        return limiter.isAllowed("backend-api", caller).block().isAllowed();
    }

    /** The cache's clock; the limiters themselves keep real time, in which the tests take well under a window. */
    private final AtomicLong nanos = new AtomicLong();

    private CallerRateLimiter limiter(int calls, Duration renewalPeriod) {
        CallerRateLimiter limiter = new CallerRateLimiter(nanos::get);
        limiter.getConfig().put("backend-api", new CallerRateLimiter.Limit().setCalls(calls).setRenewalPeriod(renewalPeriod));
        return limiter;
    }

    @Test
    void isAllowedWhenManyOtherCallersArriveThenASpentCallerStaysRefusedUntilItsWindowEnds() {
        CallerRateLimiter limiter = limiter(1, Duration.ofSeconds(300));
        assertThat(allowed(limiter, "spent")).isTrue();

        // Many other callers, each seen more often than the spent one: a size-bounded cache drops the spent caller's
        // window first, and its next call would find a fresh one.
        for (int i = 0; i < 15_000; i++) {
            allowed(limiter, "other-" + i);
            allowed(limiter, "other-" + i);
        }

        assertThat(allowed(limiter, "spent")).isFalse();
    }

    @Test
    void isAllowedWhenCallerIdleForAlmostItsWholeWindowThenItsSpentCallsStillCount() {
        CallerRateLimiter limiter = limiter(1, Duration.ofSeconds(300));
        assertThat(allowed(limiter, "spent")).isTrue();

        nanos.addAndGet(Duration.ofSeconds(299).toNanos());

        assertThat(limiter.callers()).isEqualTo(1);
        assertThat(allowed(limiter, "spent")).isFalse();
    }

    @Test
    void callersWhenIdleForAWholeWindowThenForgottenAndEachCallRestartsTheIdleTime() {
        CallerRateLimiter limiter = limiter(1, Duration.ofSeconds(60));
        allowed(limiter, "busy");
        allowed(limiter, "idle");

        nanos.addAndGet(Duration.ofSeconds(50).toNanos());
        allowed(limiter, "busy");
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());

        assertThat(limiter.callers()).as("only the caller idle for more than 60 s is forgotten").isEqualTo(1);
        assertThat(allowed(limiter, "busy")).isFalse();
    }

    @Test
    void setRenewalPeriodWhenLongerThan300sThenFails() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CallerRateLimiter.Limit().setRenewalPeriod(Duration.ofMinutes(6)))
            .withMessageContaining("renewal-period must be at most 300 s");
    }
}
