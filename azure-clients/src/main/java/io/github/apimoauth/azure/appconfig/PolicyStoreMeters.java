package io.github.apimoauth.azure.appconfig;

import java.time.Clock;

import io.github.apimoauth.azure.metrics.Ages;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The caller policy's gauges: {@code caller.policy.age}, seconds since App Configuration last answered a check (NaN
 * before it did, and for the embedded policy), and {@code caller.policy.last_known_good}, 1 while the policy in
 * force may be out of date (the store fails, or holds a refused document). Read when scraped.
 */
public final class PolicyStoreMeters implements MeterBinder {

    private final PolicyStore store;

    private final Clock clock;

    public PolicyStoreMeters(PolicyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("caller.policy.age", this, PolicyStoreMeters::age)
            .description("Seconds since the caller policy's store last answered").baseUnit("seconds").register(registry);
        Gauge.builder("caller.policy.last_known_good", this, m -> m.store.status().degraded() ? 1 : 0)
            .description("1 while the caller policy in force may be out of date (store failing or document refused)")
            .register(registry);
    }

    private double age() {
        return Ages.secondsSince(store.status().lastRead(), clock);
    }
}
