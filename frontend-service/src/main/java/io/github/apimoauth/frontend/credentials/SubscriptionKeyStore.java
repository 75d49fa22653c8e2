package io.github.apimoauth.frontend.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.azure.metrics.SecretGauges;
import io.github.apimoauth.frontend.credentials.DependencyUnavailableException.Dependency;
import io.github.apimoauth.azure.metrics.Ages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The subscription key, cached. Calls read the cached value without locking; Key Vault is read on first use, by the
 * background refresh, and when the gateway refuses the key (a rotation it has already seen). A failed refresh keeps
 * the last good key: an unreachable vault must not take the frontend down while the key still works.
 */
public class SubscriptionKeyStore implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionKeyStore.class);

    private final SecretClient secrets;

    private final String secretName;

    private final Duration minReloadInterval;

    private final Clock clock;

    private final CredentialMeters meters;

    private volatile SubscriptionKey current;

    /** When Key Vault last returned the key; null before it did. */
    private volatile Instant lastRead;

    /** Whether the latest read failed, so the key held is the last one read before (last-known-good). */
    private volatile boolean failing;

    private Instant lastForcedReload = Instant.MIN;

    SubscriptionKeyStore(SecretClient secrets, String secretName, Duration minReloadInterval, Clock clock) {
        this(secrets, secretName, minReloadInterval, clock, CredentialMeters.none("subscription_key"));
    }

    SubscriptionKeyStore(SecretClient secrets, String secretName, Duration minReloadInterval, Clock clock,
            CredentialMeters meters) {
        this.meters = meters;
        this.secrets = secrets;
        this.secretName = secretName;
        this.minReloadInterval = minReloadInterval;
        this.clock = clock;
    }

    /**
     * The cached key, or a fresh read when none is cached or the cached one expired.
     * @throws DependencyUnavailableException when Key Vault cannot be read and nothing usable is cached
     */
    public SubscriptionKey current() {
        SubscriptionKey key = current;
        if (key != null && key.usableAt(clock.instant())) {
            meters.hit();
            return key;
        }
        synchronized (this) {
            key = current;
            return key != null && key.usableAt(clock.instant()) ? key : load("first use");
        }
    }

    /**
     * The gateway called this key invalid: read Key Vault again, at most once per {@code minReloadInterval} so a
     * flood of refusals cannot become a flood of vault reads. Returns a different key to retry with, or empty when
     * there is none (same value, vault unreachable, or reloaded too recently).
     */
    public synchronized Optional<SubscriptionKey> reloadAfterRejection(SubscriptionKey rejected) {
        SubscriptionKey key = current;
        if (key != null && !Objects.equals(key.value(), rejected.value())) {
            // Another call or the background refresh already replaced it.
            return Optional.of(key.asReloaded());
        }
        Instant now = clock.instant();
        if (!lastForcedReload.equals(Instant.MIN) && now.isBefore(lastForcedReload.plus(minReloadInterval))) {
            return Optional.empty();
        }
        lastForcedReload = now;
        try {
            SubscriptionKey fresh = load("refused by the gateway");
            return fresh.value().equals(rejected.value()) ? Optional.empty() : Optional.of(fresh.asReloaded());
        }
        catch (DependencyUnavailableException ex) {
            return Optional.empty();
        }
    }

    /** The background refresh: failures are logged by {@link #load} and the last good key stays. */
    synchronized void refresh() {
        try {
            load("scheduled refresh");
        }
        catch (DependencyUnavailableException ex) {
            // Keep serving the cached key; the next run tries again.
        }
    }

    /** The key's age and last-known-good gauges ({@link SecretGauges}), read when scraped. */
    @Override
    public void bindTo(MeterRegistry registry) {
        SecretGauges.register(registry, secretName, this, store -> Ages.secondsSince(store.lastRead, store.clock),
                store -> store.failing && store.current != null ? 1 : 0);
    }

    /** Whether the key has been read at least once since start-up, for readiness. */
    public boolean loadedOnce() {
        return current != null;
    }

    private SubscriptionKey load(String reason) {
        KeyVaultSecret secret;
        try {
            secret = secrets.getSecret(secretName);
        }
        catch (RuntimeException ex) {
            meters.fetchFailed();
            failing = true;
            log.warn("Key Vault read of secret {} failed ({}): {}", secretName, reason, Failures.summary(ex));
            throw new DependencyUnavailableException(Dependency.KEY_VAULT,
                    "could not read the subscription key from Key Vault", ex);
        }
        meters.fetched();
        failing = false;
        lastRead = clock.instant();
        SubscriptionKey previous = current;
        SubscriptionKey fresh = new SubscriptionKey(secret.getValue(), secretName, secret.getProperties().getVersion(),
                secret.getProperties().getExpiresOn(), false);
        current = fresh;
        if (previous == null || !previous.value().equals(fresh.value())) {
            log.info("Subscription key from secret {} loaded ({}): version {}, fingerprint {}{}", secretName, reason,
                    fresh.version(), fresh.fingerprint(), previous == null ? "" : ", replacing " + previous.fingerprint());
        }
        else {
            log.debug("Subscription key from secret {} unchanged ({})", secretName, reason);
        }
        return fresh;
    }
}
