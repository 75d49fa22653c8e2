package io.github.apimoauth.gateway.health;

import io.github.apimoauth.azure.appconfig.PolicyStatus;
import io.github.apimoauth.azure.appconfig.PolicyStore;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Readiness of the caller policy: out of service until a configured App Configuration store has been read once (the
 * gateway refuses calls with 503 meanwhile, never as if nothing were revoked); DEGRADED, still ready, while the last
 * good policy serves through an outage of the store or a refused document. Without a store the embedded policy is
 * always UP. The details (shown only where show-details allows) give the version, the last read and the problem.
 */
@Component("callerPolicy")
class CallerPolicyHealthIndicator implements ReactiveHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Caller policy stale or refused in App Configuration; last good policy in force");

    private final PolicyStore policies;

    CallerPolicyHealthIndicator(PolicyStore policies) {
        this.policies = policies;
    }

    @Override
    public Mono<Health> health() {
        return Mono.fromSupplier(() -> {
            PolicyStatus status = policies.status();
            Health.Builder health = !status.loaded() ? Health.outOfService() : status.degraded() ? Health.status(DEGRADED) : Health.up();
            return health.withDetails(status.details()).build();
        });
    }
}
