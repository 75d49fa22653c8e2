package io.github.apimoauth.frontend.health;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.frontend.credentials.BackendTokenProvider;
import io.github.apimoauth.frontend.credentials.DependencyUnavailableException;
import io.github.apimoauth.frontend.credentials.SubscriptionKeyStore;
import org.springframework.context.SmartLifecycle;

/**
 * Eager mode: obtains the token and the key in the background right after start-up, retrying until both are in,
 * so readiness turns UP without a user call. In the background because start-up must not hang on Azure: the process
 * stays live (and says why it is not ready) while the identity endpoint or the vault is down.
 */
class CredentialsWarmUp implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CredentialsWarmUp.class);

    private final BackendTokenProvider tokens;

    private final SubscriptionKeyStore keys;

    private final Duration retryInterval;

    private ScheduledExecutorService executor;

    CredentialsWarmUp(BackendTokenProvider tokens, SubscriptionKeyStore keys, Duration retryInterval) {
        this.tokens = tokens;
        this.keys = keys;
        this.retryInterval = retryInterval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "credentials-warm-up");
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::attempt);
    }

    private void attempt() {
        boolean done = obtain(tokens::obtainedOnce, tokens::token) & obtain(keys::loadedOnce, keys::current);
        if (done) {
            log.info("Token and subscription key obtained: ready");
            return;
        }
        synchronized (this) {
            if (executor != null) {
                executor.schedule(this::attempt, retryInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static boolean obtain(java.util.function.BooleanSupplier already, Runnable fetch) {
        if (already.getAsBoolean()) {
            return true;
        }
        try {
            fetch.run();
            return true;
        }
        catch (DependencyUnavailableException ex) {
            // Already logged where it failed; try again later.
            return false;
        }
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
