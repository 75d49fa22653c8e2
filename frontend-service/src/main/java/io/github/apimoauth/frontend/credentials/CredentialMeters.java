package io.github.apimoauth.frontend.credentials;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * {@code frontend.credential.lookups{credential, result}}: how a call got its backend token ({@code backend_token}) or
 * subscription key ({@code subscription_key}): {@code hit}, from memory; {@code fetch}, a read from azure-identity or
 * Key Vault (on a call, or in the background); {@code fetch_failed}, such a read that failed. Built once per credential.
 */
final class CredentialMeters {

    static final String NAME = "frontend.credential.lookups";

    private final Counter hit;

    private final Counter fetch;

    private final Counter fetchFailed;

    CredentialMeters(MeterRegistry registry, String credential) {
        this.hit = counter(registry, credential, "hit");
        this.fetch = counter(registry, credential, "fetch");
        this.fetchFailed = counter(registry, credential, "fetch_failed");
    }

    /** Counters that go nowhere, for a unit test's credential. */
    static CredentialMeters none(String credential) {
        return new CredentialMeters(new CompositeMeterRegistry(), credential);
    }

    private static Counter counter(MeterRegistry registry, String credential, String result) {
        return Counter.builder(NAME).description("How calls got their credentials: from memory, or read from Azure")
            .tag("credential", credential).tag("result", result).register(registry);
    }

    void hit() {
        hit.increment();
    }

    void fetched() {
        fetch.increment();
    }

    void fetchFailed() {
        fetchFailed.increment();
    }
}
