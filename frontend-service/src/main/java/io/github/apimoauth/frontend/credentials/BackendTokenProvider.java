package io.github.apimoauth.frontend.credentials;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.frontend.credentials.DependencyUnavailableException.Dependency;
import io.github.apimoauth.frontend.support.Fingerprint;

/**
 * The token for the backend API. Caching and refresh-before-expiry are azure-identity's (MSAL's in-memory cache):
 * asking on every call is cheap and always yields a token that is still valid, so nothing is cached here.
 */
public class BackendTokenProvider {

    private static final Logger log = LoggerFactory.getLogger(BackendTokenProvider.class);

    private final TokenCredential credential;

    private final TokenRequestContext request;

    private final String resource;

    private final TokenClaims claims;

    private volatile boolean obtainedOnce;

    BackendTokenProvider(TokenCredential credential, String scope, String resource, TokenClaims claims) {
        this.credential = credential;
        this.request = new TokenRequestContext().addScopes(scope);
        this.resource = resource;
        this.claims = claims;
    }

    /**
     * A valid token, from the cache or the identity endpoint.
     * @throws DependencyUnavailableException when none is cached and the identity endpoint fails
     */
    public BackendToken token() {
        AccessToken token;
        try {
            token = credential.getTokenSync(request);
        }
        catch (RuntimeException ex) {
            log.warn("No access token for {}: {}", resource, Failures.summary(ex));
            throw new DependencyUnavailableException(Dependency.MANAGED_IDENTITY,
                    "could not obtain an access token for " + resource + " from the managed identity", ex);
        }
        if (!obtainedOnce) {
            obtainedOnce = true;
            log.info("First access token for {} obtained (fingerprint {}, expires {})", resource,
                    Fingerprint.of(token.getToken()), token.getExpiresAt());
        }
        return new BackendToken(token.getToken(), resource, token.getExpiresAt(), claims.read(token.getToken()));
    }

    /** Whether a token has been obtained at least once since start-up, for readiness. */
    public boolean obtainedOnce() {
        return obtainedOnce;
    }
}
