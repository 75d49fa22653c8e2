package io.github.apimoauth.gateway.keyvault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.azure.security.keyvault.secrets.SecretAsyncClient;
import io.github.apimoauth.azure.KeyVaultAnswers;
import io.github.apimoauth.azure.metrics.SecretGauges;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import io.github.apimoauth.gateway.keyvault.HeldValue.Read;
import io.github.apimoauth.gateway.keyvault.HeldValue.State;
import io.github.apimoauth.azure.metrics.Ages;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;

/**
 * Named values read from Key Vault with the non-blocking SDK client, so no event-loop thread ever waits on the vault.
 * A background loop re-reads every value each refresh interval; policies only read what it holds in memory. Early
 * refreshes share one resilience4j limiter: one per interval.
 * <p>
 * Revocation takes at the next refresh: when the vault refuses a secret (403, 404 or any other 4xx: disabled, deleted,
 * expired, not yet valid, or the gateway's access removed), its value stops being accepted. Only a failure to get an
 * answer (transport, timeout, 5xx, 408, 429) keeps the last value read, and only up to {@code max-staleness}. See
 * {@link HeldValue} for the states and {@link NamedValueLog} for what each transition logs.
 * <p>
 * Each value's age and last-known-good state are gauges ({@link SecretGauges}), for the values registered before the
 * registry binds this and those registered after alike.
 */
class KeyVaultNamedValues implements NamedValues, SmartLifecycle, MeterBinder {

    private final SecretAsyncClient client;

    private final KeyVaultProperties properties;

    private final Clock clock;

    private final Map<String, HeldValue> values = new ConcurrentHashMap<>();

    private final AtomicLong reads = new AtomicLong();

    private final RateLimiter earlyRefreshes;

    private volatile Disposable loop;

    private volatile MeterRegistry meters;

    KeyVaultNamedValues(SecretAsyncClient client, KeyVaultProperties properties, Clock clock) {
        this.client = client;
        this.properties = properties;
        this.clock = clock;
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
        if (values.putIfAbsent(secretName, HeldValue.loading()) == null) {
            MeterRegistry registry = meters;
            if (registry != null) {
                gauges(registry, secretName);
            }
            if (isRunning()) {
                read(secretName).subscribe();
            }
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // Set first: a name registered meanwhile gets its gauges from register() or from here; registering twice is harmless.
        meters = registry;
        values.keySet().forEach(name -> gauges(registry, name));
    }

    private void gauges(MeterRegistry registry, String name) {
        SecretGauges.register(registry, name, this, v -> v.ageSeconds(name), v -> v.lastKnownGood(name));
    }

    /** Seconds since the vault last returned this value; NaN while it never has. */
    double ageSeconds(String secretName) {
        HeldValue held = values.get(secretName);
        return Ages.secondsSince(held == null ? null : held.verifiedAt(), clock);
    }

    /** 1 while Key Vault fails and the value read before still serves. */
    double lastKnownGood(String secretName) {
        HeldValue held = values.get(secretName);
        return held != null && held.state() == State.STALE ? 1 : 0;
    }

    @Override
    public Optional<String> get(String secretName) {
        HeldValue held = values.get(secretName);
        return held == null ? Optional.empty() : held.usableAt(clock.instant(), properties.maxStaleness());
    }

    /**
     * Skipped while Key Vault is failing: it could only fail too, after holding the request through the SDK's retries.
     * The background loop keeps trying and notices the recovery.
     */
    @Override
    public Mono<Void> refreshEarly() {
        if (degraded() || !earlyRefreshes.acquirePermission()) {
            return Mono.empty();
        }
        // The reads run to their end on their own subscription: the request only waits for them, at most timeout.
        // A request that gives up (its own bound, or its client gone) cancels nothing in flight, as cancelling a
        // call of the JDK HTTP client mid-exchange was seen leaving a request unanswered for longer than any bound.
        Sinks.Empty<Void> done = Sinks.empty();
        refreshAll().subscribe(null, done::tryEmitError, done::tryEmitEmpty);
        return done.asMono().timeout(properties.timeout()).onErrorResume(ex -> Mono.empty());
    }

    @Override
    public boolean loadedOnce() {
        return values.values().stream().noneMatch(held -> held.state() == State.LOADING);
    }

    @Override
    public boolean degraded() {
        return values.values().stream().anyMatch(held -> held.state() == State.STALE || held.state() == State.DROPPED);
    }

    Mono<Void> refreshAll() {
        return Flux.fromIterable(values.keySet()).flatMap(this::read).then();
    }

    private Mono<Void> read(String name) {
        long sequence = reads.incrementAndGet();
        // The timer on a thread of its own, not Reactor's shared parallel ones that also time the requests' waits:
        // the cancellation it triggers runs on the timer's thread.
        return client.getSecret(name)
            .timeout(properties.timeout(), Schedulers.boundedElastic())
            .map(KeyVaultNamedValues::answer)
            .switchIfEmpty(Mono.fromSupplier(() -> Read.gone("no secret in the answer")))
            .onErrorResume(ex -> Mono.just(failure(ex)))
            .doOnNext(read -> apply(name, sequence, read))
            .then();
    }

    private void apply(String name, long sequence, Read read) {
        HeldValue[] before = new HeldValue[1];
        HeldValue after = values.computeIfPresent(name, (key, held) -> {
            if (held.readSequence() > sequence) {
                return held;
            }
            before[0] = held;
            return held.after(read, sequence, clock.instant(), properties.maxStaleness());
        });
        if (before[0] != null && after != null) {
            NamedValueLog.transition(name, before[0], after, properties.maxStaleness());
        }
    }

    private static Read answer(KeyVaultSecret secret) {
        SecretProperties attributes = secret.getProperties();
        if (attributes == null) {
            return Read.value(secret.getValue(), null, null, null);
        }
        return Read.value(secret.getValue(), attributes.isEnabled(), instant(attributes.getNotBefore()),
                instant(attributes.getExpiresOn()));
    }

    /**
     * A refused secret is gone, an outage keeps the last value ({@link KeyVaultAnswers}). Only the kind of failure
     * and its status are kept: SDK messages may quote response bodies.
     */
    static Read failure(Throwable ex) {
        Integer status = KeyVaultAnswers.status(ex);
        if (status == null) {
            return Read.failed(ex.getClass().getSimpleName());
        }
        String reason = ex.getClass().getSimpleName() + " (HTTP " + status + ")";
        return KeyVaultAnswers.isRefusal(ex) ? Read.gone(reason) : Read.failed(reason);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
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
