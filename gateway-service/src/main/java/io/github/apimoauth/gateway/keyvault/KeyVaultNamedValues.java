package io.github.apimoauth.gateway.keyvault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import io.github.apimoauth.gateway.policy.Fingerprints;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Named values read from Key Vault with the non-blocking SDK client, so no event-loop thread ever waits on the vault.
 * A background loop re-reads every value each refresh interval; a failed read keeps the previous value (a vault
 * outage must not take the gateway down). Early refreshes share one resilience4j limiter: one per interval.
 */
class KeyVaultNamedValues implements NamedValues, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KeyVaultNamedValues.class);

    private final SecretAsyncClient client;

    private final KeyVaultProperties properties;

    /** A name maps to its latest value, empty until the first read succeeds. */
    private final Map<String, Optional<String>> values = new ConcurrentHashMap<>();

    private final RateLimiter earlyRefreshes;

    private volatile Disposable loop;

    KeyVaultNamedValues(SecretAsyncClient client, KeyVaultProperties properties) {
        this.client = client;
        this.properties = properties;
        this.earlyRefreshes = RateLimiter.of("key-vault-early-refresh", RateLimiterConfig.custom()
            .limitForPeriod(1)
            .limitRefreshPeriod(properties.earlyRefreshMinInterval())
            .timeoutDuration(Duration.ZERO)
            .build());
    }

    @Override
    public void register(String secretName) {
        if (secretName == null || secretName.isBlank()) {
            throw new IllegalArgumentException("A Key Vault secret name is required");
        }
        if (values.putIfAbsent(secretName, Optional.empty()) == null && isRunning()) {
            read(secretName).subscribe();
        }
    }

    @Override
    public Optional<String> get(String secretName) {
        return values.getOrDefault(secretName, Optional.empty());
    }

    @Override
    public Mono<Void> refreshEarly() {
        return earlyRefreshes.acquirePermission() ? refreshAll() : Mono.empty();
    }

    @Override
    public boolean loadedOnce() {
        return values.values().stream().allMatch(Optional::isPresent);
    }

    Mono<Void> refreshAll() {
        return Flux.fromIterable(values.keySet()).flatMap(this::read).then();
    }

    private Mono<Void> read(String name) {
        return client.getSecret(name)
            .timeout(properties.timeout())
            .doOnNext(secret -> {
                Optional<String> held = values.put(name, Optional.ofNullable(secret.getValue()));
                String previous = held == null ? null : held.orElse(null);
                if (previous == null) {
                    log.info("Key Vault secret {} loaded (fingerprint {})", name, Fingerprints.of(secret.getValue()));
                }
                else if (!previous.equals(secret.getValue())) {
                    log.info("Key Vault secret {} rotated (fingerprint {} -> {})", name, Fingerprints.of(previous),
                            Fingerprints.of(secret.getValue()));
                }
            })
            .then()
            .onErrorResume(ex -> {
                // Only the kind of failure and its status: SDK messages may quote response bodies.
                String status = ex instanceof HttpResponseException http && http.getResponse() != null
                        ? " (HTTP " + http.getResponse().getStatusCode() + ")" : "";
                log.warn("Key Vault read of secret {} failed: {}{}; the cached value stays in use", name,
                        ex.getClass().getSimpleName(), status);
                return Mono.empty();
            });
    }

    @Override
    public void start() {
        // The first tick at once loads everything registered so far; each tick waits for the previous one to finish.
        loop = Flux.interval(Duration.ZERO, properties.refreshInterval())
            .onBackpressureDrop()
            .concatMap(tick -> refreshAll(), 1)
            .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }
}
