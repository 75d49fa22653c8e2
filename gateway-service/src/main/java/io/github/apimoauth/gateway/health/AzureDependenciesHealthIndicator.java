package io.github.apimoauth.gateway.health;

import io.github.apimoauth.gateway.entra.TenantKeys;
import io.github.apimoauth.gateway.keyvault.NamedValues;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Readiness: the gateway takes traffic only once every tenant's signing keys have loaded and Key Vault has answered
 * for every named value. Later outages do not take it out of service: cached keys and values keep working, which is
 * the point of caching. While Key Vault fails for a value, readiness shows DEGRADED (still HTTP 200, see
 * application.yml), as the backend does; secret names stay out of it. A value the vault refused (revoked) is a wanted
 * state, not a degradation: the logs name it. In the readiness group only; liveness never depends on Azure.
 */
@Component("azureDependencies")
class AzureDependenciesHealthIndicator implements ReactiveHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Key Vault refresh failing; last values read kept up to max staleness");

    private final TenantKeys tenantKeys;

    private final NamedValues namedValues;

    AzureDependenciesHealthIndicator(TenantKeys tenantKeys, NamedValues namedValues) {
        this.tenantKeys = tenantKeys;
        this.namedValues = namedValues;
    }

    @Override
    public Mono<Health> health() {
        return tenantKeys.loadedOnce().map(keys -> {
            boolean values = namedValues.loadedOnce();
            boolean degraded = namedValues.degraded();
            Health.Builder health = !(keys && values) ? Health.outOfService() : degraded ? Health.status(DEGRADED) : Health.up();
            return health.withDetail("signingKeys", keys ? "loaded" : "loading")
                .withDetail("keyVaultSecrets", !values ? "loading" : degraded ? "stale" : "loaded")
                .build();
        });
    }
}
