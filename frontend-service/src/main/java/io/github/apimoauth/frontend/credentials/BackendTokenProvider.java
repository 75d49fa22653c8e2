package io.github.apimoauth.frontend.credentials;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.frontend.credentials.DependencyUnavailableException.Dependency;

/**
 * The token for the backend API, held in memory. A call reuses it while it has more than {@link #REFRESH_AHEAD} left,
 * so the hot path never goes through azure-identity (MSAL's cache lookup, a thread hop and a lock per call) nor
 * decodes claims again. Inside that margin the token still serves while one background refresh asks azure-identity,
 * whose own cache and refresh-before-expiry decide whether the identity endpoint is called. Only a missing or expired
 * token is fetched on the calling thread.
 */
public class BackendTokenProvider {

    /** azure-identity refreshes managed-identity tokens 5 minutes before expiry; asking 10 minutes ahead meets that. */
    static final Duration REFRESH_AHEAD = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(BackendTokenProvider.class);

    private final TokenCredential credential;

    private final TokenRequestContext request;

    private final String resource;

    private final TokenClaims claims;

    private final Executor refresher;

    private final AtomicBoolean refreshing = new AtomicBoolean();

    private final CredentialMeters meters;

    private volatile BackendToken current;

    BackendTokenProvider(TokenCredential credential, String scope, String resource, TokenClaims claims, Executor refresher) {
        this(credential, scope, resource, claims, refresher, CredentialMeters.none("backend_token"));
    }

    BackendTokenProvider(TokenCredential credential, String scope, String resource, TokenClaims claims, Executor refresher,
            CredentialMeters meters) {
        this.meters = meters;
        this.credential = credential;
        this.request = new TokenRequestContext().addScopes(scope);
        this.resource = resource;
        this.claims = claims;
        this.refresher = refresher;
    }

    /**
     * A valid token, from memory, else from azure-identity (its cache or the identity endpoint).
     * @throws DependencyUnavailableException when no valid token is held and the identity endpoint fails
     */
    public BackendToken token() {
        BackendToken held = current;
        OffsetDateTime now = OffsetDateTime.now();
        if (held != null && held.expiresAt().isAfter(now.plus(REFRESH_AHEAD))) {
            meters.hit();
            return held;
        }
        if (held != null && held.expiresAt().isAfter(now.plusSeconds(30))) {
            meters.hit();
            refreshInBackground();
            return held;
        }
        return fetch();
    }

    /**
     * Drops the held token, so the next call asks azure-identity again: for a token the chain refused, or a test that
     * starts cold. azure-identity's own cache is untouched.
     */
    public void invalidate() {
        current = null;
    }

    /** Whether a token is held, for readiness: once obtained, a token is held until invalidated. */
    public boolean obtainedOnce() {
        return current != null;
    }

    private void refreshInBackground() {
        if (refreshing.compareAndSet(false, true)) {
            try {
                refresher.execute(() -> {
                    try {
                        fetch();
                    }
                    catch (DependencyUnavailableException ex) {
                        // Logged by fetch; the held token serves until the next call tries again.
                    }
                    finally {
                        refreshing.set(false);
                    }
                });
            }
            catch (RuntimeException ex) {
                refreshing.set(false);
            }
        }
    }

    private BackendToken fetch() {
        AccessToken token;
        try {
            token = credential.getTokenSync(request);
        }
        catch (RuntimeException ex) {
            meters.fetchFailed();
            log.warn("No access token for {}: {}", resource, Failures.summary(ex));
            throw new DependencyUnavailableException(Dependency.MANAGED_IDENTITY,
                    "could not obtain an access token for " + resource + " from the managed identity", ex);
        }
        meters.fetched();
        BackendToken held = current;
        if (held != null && held.value().equals(token.getToken())) {
            return held;
        }
        BackendToken fresh = new BackendToken(token.getToken(), resource, token.getExpiresAt(), claims.read(token.getToken()));
        log.info("{} access token for {} obtained (fingerprint {}, expires {})", held == null ? "First" : "New", resource,
                fresh.fingerprint(), token.getExpiresAt());
        current = fresh;
        return fresh;
    }
}
