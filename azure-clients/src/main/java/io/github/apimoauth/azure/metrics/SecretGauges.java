package io.github.apimoauth.azure.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gauges of a cached Key Vault value, the same in every service: {@code azure.keyvault.secret.age{secret}}, seconds
 * since the vault last returned it (NaN before it ever did), and {@code azure.keyvault.secret.last_known_good{secret}},
 * 1 while Key Vault fails and the value read before keeps serving. The tag is the secret's name, a setting; never its
 * value. Read when scraped, never on a request.
 */
public final class SecretGauges {

    public static final String AGE = "azure.keyvault.secret.age";

    public static final String LAST_KNOWN_GOOD = "azure.keyvault.secret.last_known_good";

    private SecretGauges() {
    }

    public static <T> void register(MeterRegistry registry, String secretName, T cache, ToDoubleFunction<T> ageSeconds,
            ToDoubleFunction<T> lastKnownGood) {
        Gauge.builder(AGE, cache, ageSeconds).description("Seconds since Key Vault last returned the cached value")
            .baseUnit("seconds").tag("secret", secretName).register(registry);
        Gauge.builder(LAST_KNOWN_GOOD, cache, lastKnownGood)
            .description("1 while Key Vault fails and the value read before is still in use").tag("secret", secretName)
            .register(registry);
    }
}
