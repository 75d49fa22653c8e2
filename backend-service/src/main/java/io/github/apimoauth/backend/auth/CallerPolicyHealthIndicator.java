package io.github.apimoauth.backend.auth;

import io.github.apimoauth.azure.appconfig.PolicyStatus;
import io.github.apimoauth.azure.appconfig.PolicyStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Readiness of the caller policy: DOWN until a configured App Configuration store has been read once (requests get
 * 503 meanwhile, never treated as "nothing revoked"); DEGRADED, still serving, while the last good policy rides out an
 * outage of the store or a refused document. Without a store the embedded policy is always UP. The details give the
 * version, the last read and the problem.
 */
@Component("callerPolicy")
class CallerPolicyHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Caller policy stale or refused in App Configuration; last good policy in force");

    private final PolicyStore policies;

    CallerPolicyHealthIndicator(PolicyStore policies) {
        this.policies = policies;
    }

    @Override
    public Health health() {
        PolicyStatus status = policies.status();
        Health.Builder health = !status.loaded() ? Health.down() : status.degraded() ? Health.status(DEGRADED) : Health.up();
        return health.withDetails(status.details()).build();
    }
}
