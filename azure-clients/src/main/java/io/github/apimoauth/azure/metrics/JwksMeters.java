package io.github.apimoauth.azure.metrics;

import java.util.Collection;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.github.apimoauth.entra.EntraJwks;
import io.github.apimoauth.entra.FetchCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The signing keys' meters, over every tenant a service holds keys of (no tenant tag: an id is never a tag):
 * {@code entra.jwks.age}, seconds since the oldest tenant's keys were last fetched (NaN before a first fetch);
 * {@code entra.jwks.last_known_good}, 1 while a fetch fails and cached keys serve; {@code entra.jwks.fetches{outcome}},
 * the HTTP fetches of the keys document, success or error. Read when scraped, never on a request.
 */
public final class JwksMeters implements MeterBinder {

    private final Supplier<Collection<EntraJwks>> jwks;

    public JwksMeters(Supplier<Collection<EntraJwks>> jwks) {
        this.jwks = jwks;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("entra.jwks.age", this, JwksMeters::age).description("Seconds since the signing keys were last fetched")
            .baseUnit("seconds").register(registry);
        Gauge.builder("entra.jwks.last_known_good", this, m -> m.jwks.get().stream().anyMatch(EntraJwks::degraded) ? 1 : 0)
            .description("1 while fetching the signing keys fails and the cached keys are still in use").register(registry);
        fetches(registry, "success", FetchCounts::succeeded);
        fetches(registry, "error", FetchCounts::failed);
    }

    private void fetches(MeterRegistry registry, String outcome, ToLongFunction<FetchCounts> count) {
        FunctionCounter.builder("entra.jwks.fetches", this, m -> m.jwks.get().stream().map(EntraJwks::fetches)
                .mapToLong(count).sum())
            .description("HTTP fetches of the signing keys document").tag("outcome", outcome).register(registry);
    }

    private double age() {
        return jwks.get().stream().map(EntraJwks::age)
            .mapToDouble(age -> Ages.seconds(age.orElse(null)))
            .reduce(Double.NaN, (a, b) -> Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b));
    }
}
