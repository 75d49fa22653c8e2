package io.github.apimoauth.frontend.credentials;

import java.time.Duration;
import java.util.Optional;

import io.github.apimoauth.azure.refresh.BackgroundRefresh;

/**
 * Re-reads the subscription key every {@code refreshInterval}, so a key rotated in Key Vault reaches the frontend
 * without a restart and before the old one is revoked. The first read is not its job: that is the warm-up's (or the
 * first call's, in lazy mode), so the first refresh is one interval after start.
 */
class SubscriptionKeyRefresher extends BackgroundRefresh {

    private final SubscriptionKeyStore store;

    private final Duration interval;

    SubscriptionKeyRefresher(SubscriptionKeyStore store, Duration interval) {
        super("subscription-key-refresh", interval);
        this.store = store;
        this.interval = interval;
    }

    @Override
    protected Optional<Duration> runOnce() {
        store.refresh();
        return Optional.of(interval);
    }
}
