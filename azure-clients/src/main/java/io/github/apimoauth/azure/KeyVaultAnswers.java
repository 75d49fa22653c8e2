package io.github.apimoauth.azure;

import com.azure.core.exception.HttpResponseException;

/**
 * How a failed Key Vault read is judged, the same at every hop that caches a secret. Any answer of the vault other
 * than an outage is final: a refused secret (no access, no such secret, disabled, expired) is gone, and a revoked
 * key must stop working at the next refresh. Without an answer (transport, timeout, no token from the managed
 * identity), or with an outage status (5xx, 408, 429), nothing is known about the secret, so the last value may ride
 * it out for a bounded time.
 */
public final class KeyVaultAnswers {

    private KeyVaultAnswers() {
    }

    /** Whether the vault answered, and refused: the cached value must go. */
    public static boolean isRefusal(Throwable ex) {
        Integer status = status(ex);
        return status != null && !(status >= 500 || status == 408 || status == 429);
    }

    /** The HTTP status the vault answered with, or null when there was no answer. */
    public static Integer status(Throwable ex) {
        if (ex instanceof HttpResponseException http && http.getResponse() != null) {
            return http.getResponse().getStatusCode();
        }
        return null;
    }
}
