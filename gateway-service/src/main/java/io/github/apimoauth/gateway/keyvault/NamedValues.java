package io.github.apimoauth.gateway.keyvault;

import java.util.Optional;

import reactor.core.publisher.Mono;

/**
 * APIM's Key Vault-backed named values: secrets held in memory, refreshed in the background, never in a file. The
 * policies read the cached value; none of them waits on Key Vault except for the rate-limited early refresh.
 */
public interface NamedValues {

    /** Starts holding this secret (idempotent); its first load begins at once, in the background. */
    void register(String secretName);

    /** The latest value read, or empty while none has been read yet. */
    Optional<String> get(String secretName);

    /**
     * Re-reads every value now, unless an early refresh already ran within the configured interval; completes
     * without reading in that case. It never fails: a failed read keeps the cached value.
     */
    Mono<Void> refreshEarly();

    /** Whether every registered value has been read at least once: readiness waits for it. */
    boolean loadedOnce();
}
