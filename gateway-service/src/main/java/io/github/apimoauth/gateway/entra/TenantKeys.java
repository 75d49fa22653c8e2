package io.github.apimoauth.gateway.entra;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.apimoauth.entra.EntraIssuers;
import io.github.apimoauth.entra.EntraJwks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One signing-key source per tenant, shared by every route that validates that tenant's tokens, so two routes never
 * fetch the same keys twice. The first load starts in the background when a tenant is first asked for; readiness
 * waits for it.
 */
public class TenantKeys implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TenantKeys.class);

    private final EntraProperties properties;

    private final Map<String, EntraJwks> byTenant = new ConcurrentHashMap<>();

    public TenantKeys(EntraProperties properties) {
        this.properties = properties;
    }

    public EntraJwks forTenant(String tenantId) {
        return byTenant.computeIfAbsent(tenantId, t -> {
            EntraJwks jwks = new EntraJwks(EntraIssuers.jwksUri(properties.authorityHost(), t), properties.jwks());
            load(t, jwks).subscribe();
            return jwks;
        });
    }

    /** Every tenant's key source held so far, for the metrics. */
    public Collection<EntraJwks> all() {
        return byTenant.values();
    }

    /** Whether every tenant's keys have loaded once; loads those that have not yet (off the event loop). */
    public Mono<Boolean> loadedOnce() {
        return Flux.fromIterable(byTenant.entrySet())
            .flatMap(e -> e.getValue().loadedOnce() ? Mono.just(true)
                    : load(e.getKey(), e.getValue()).then(Mono.fromSupplier(e.getValue()::loadedOnce)))
            .all(Boolean::booleanValue);
    }

    /** Stops the key sources' background refreshes (a Spring bean is closed on shutdown). */
    @Override
    public void close() {
        byTenant.values().forEach(jwks -> {
            try {
                jwks.close();
            }
            catch (IOException ex) {
                log.debug("Closing the key source failed: {}", ex.getClass().getSimpleName());
            }
        });
        byTenant.clear();
    }

    private static Mono<Void> load(String tenantId, EntraJwks jwks) {
        return Mono.fromCallable(jwks::load)
            .subscribeOn(Schedulers.boundedElastic())
            .doOnNext(count -> log.info("Signing keys of tenant {} loaded: {} keys", tenantId, count))
            .onErrorResume(ex -> {
                log.warn("Signing keys of tenant {} not loaded yet: {}", tenantId, ex.getClass().getSimpleName());
                return Mono.empty();
            })
            .then();
    }
}
