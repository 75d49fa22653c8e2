package io.github.apimoauth.azure.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The age gauges' one rule, for every cache a service holds (Key Vault values, the caller policy, the signing keys):
 * seconds, with millisecond precision, and NaN while the cache was never filled, so a dashboard shows "no data"
 * rather than an age of zero.
 */
public final class Ages {

    private Ages() {
    }

    /** Seconds from {@code since} to the clock's now; NaN when {@code since} is null. */
    public static double secondsSince(Instant since, Clock clock) {
        return since == null ? Double.NaN : seconds(Duration.between(since, clock.instant()));
    }

    /** The duration in seconds; NaN when it is null. */
    public static double seconds(Duration age) {
        return age == null ? Double.NaN : age.toMillis() / 1000.0;
    }
}
