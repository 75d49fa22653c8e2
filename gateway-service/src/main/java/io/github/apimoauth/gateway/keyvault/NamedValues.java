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

    /**
     * The value to accept now, or empty when there is none: not read yet, refused by the vault (disabled, deleted,
     * expired, not yet valid, access removed), or kept through a Key Vault outage for longer than the maximum staleness.
     * An in-memory lookup: it never waits on the vault.
     */
    Optional<String> get(String secretName);

    /**
     * Re-reads every value now, unless an early refresh already ran within the configured interval; completes
     * without reading in that case, or while Key Vault is failing. It never fails: each read's outcome updates that
     * value only.
     */
    Mono<Void> refreshEarly();

    /** Whether the vault has answered for every registered value at least once (a value, or a refusal): readiness waits for it. */
    boolean loadedOnce();

    /** Whether Key Vault is failing for some value: its last value read is kept (stale) or was dropped (too stale). */
    boolean degraded();
}
