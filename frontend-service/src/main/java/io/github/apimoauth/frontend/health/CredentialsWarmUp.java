package io.github.apimoauth.frontend.health;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.azure.refresh.BackgroundRefresh;
import io.github.apimoauth.frontend.credentials.BackendTokenProvider;
import io.github.apimoauth.frontend.credentials.DependencyUnavailableException;
import io.github.apimoauth.frontend.credentials.SubscriptionKeyStore;

/**
 * Eager mode: obtains the token and the key in the background right after start-up, retrying until both are in,
 * so readiness turns UP without a user call. In the background because start-up must not hang on Azure: the process
 * stays live (and says why it is not ready) while the identity endpoint or the vault is down.
 */
class CredentialsWarmUp extends BackgroundRefresh {

    private static final Logger log = LoggerFactory.getLogger(CredentialsWarmUp.class);

    private final BackendTokenProvider tokens;

    private final SubscriptionKeyStore keys;

    private final Duration retryInterval;

    CredentialsWarmUp(BackendTokenProvider tokens, SubscriptionKeyStore keys, Duration retryInterval) {
        super("credentials-warm-up", Duration.ZERO);
        this.tokens = tokens;
        this.keys = keys;
        this.retryInterval = retryInterval;
    }

    @Override
    protected Optional<Duration> runOnce() {
        boolean done = obtain(tokens::obtainedOnce, tokens::token) & obtain(keys::loadedOnce, keys::current);
        if (done) {
            log.info("Token and subscription key obtained: ready");
            return Optional.empty();
        }
        return Optional.of(retryInterval);
    }

    private static boolean obtain(BooleanSupplier already, Runnable fetch) {
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
}
