package io.github.apimoauth.gateway.health;

import io.github.apimoauth.gateway.entra.TenantKeys;
import io.github.apimoauth.gateway.keyvault.NamedValues;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: the gateway takes traffic only once every tenant's signing keys and every Key Vault named value have
 * loaded once. Later outages do not flip it: cached keys and values keep working, which is the point of caching.
 * In the readiness group only; liveness never depends on Azure.
 */
@Component("azureDependencies")
class AzureDependenciesHealthIndicator implements ReactiveHealthIndicator {

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
            Health.Builder health = keys && values ? Health.up() : Health.outOfService();
            return health.withDetail("signingKeys", keys ? "loaded" : "loading")
                .withDetail("keyVaultSecrets", values ? "loaded" : "loading")
                .build();
        });
    }
}
