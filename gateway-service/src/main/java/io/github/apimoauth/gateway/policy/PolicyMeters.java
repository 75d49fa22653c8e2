package io.github.apimoauth.gateway.policy;

import io.github.apimoauth.azure.metrics.DecisionMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The policies' decision counters: {@code apim.policy.decisions{policy, outcome, reason}}, with {@code policy} the
 * policy's name as in APIM's XML (subscription-key, validate-azure-ad-token, rate-limit-by-key,
 * set-backend-function-key) and {@code reason} a {@link io.github.apimoauth.entra.RefusalReason} tag. A policy gets its
 * counters once, when its route is built; a request only increments one.
 */
@Component
public class PolicyMeters {

    static final String DECISIONS = "apim.policy.decisions";

    private final MeterRegistry registry;

    public PolicyMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counters that go nowhere, for a policy a unit test builds by hand. */
    public static PolicyMeters none() {
        return new PolicyMeters(new CompositeMeterRegistry());
    }

    public DecisionMeters decisions(String policy) {
        return new DecisionMeters(registry, DECISIONS, "policy", policy);
    }
}
