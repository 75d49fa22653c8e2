package io.github.apimoauth.frontend.credentials;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * Re-reads the subscription key every {@code refreshInterval}, so a key rotated in Key Vault reaches the frontend
 * without a restart and before the old one is revoked. The first read is not its job: that is the warm-up's (or the
 * first call's, in lazy mode).
 */
class SubscriptionKeyRefresher implements SmartLifecycle {

    private final SubscriptionKeyStore store;

    private final Duration interval;

    private ScheduledExecutorService executor;

    SubscriptionKeyRefresher(SubscriptionKeyStore store, Duration interval) {
        this.store = store;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "subscription-key-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(store::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
