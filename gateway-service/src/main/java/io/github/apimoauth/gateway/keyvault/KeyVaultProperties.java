package io.github.apimoauth.gateway.keyvault;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway keeps its Key Vault-backed named values (subscription keys, the backend's function key) fresh. The
 * vault itself, its trust and the managed identity reading it are the shared {@code azure.key-vault.*} and
 * {@code azure.identity.*} settings (azure-clients).
 *
 * @param refreshInterval how often every cached value is re-read in the background (APIM refreshes named values
 * within 4 hours; this gateway every minute by default)
 * @param earlyRefreshMinInterval at most one early refresh, triggered by an unrecognised subscription key, per this
 * interval, so random keys cannot turn into one Key Vault read per request
 * @param timeout how long one Key Vault read may take before it counts as failed, like an outage: the last value read
 * stays in use (stale), up to the maximum staleness
 * @param maxStaleness how long a value may be used after the vault last returned it, while reads fail with an outage
 * (transport, timeout, 5xx, 408, 429); past it the value is dropped and refused. A refusal by the vault (403, 404:
 * disabled, deleted, expired, access removed) drops the value at once, whatever this says. Must exceed
 * refresh-interval plus timeout, so a healthy vault never lets a value age out
 */
@Validated
@ConfigurationProperties("apim.key-vault")
public record KeyVaultProperties(@DefaultValue("60s") @NotNull Duration refreshInterval, @DefaultValue("30s") @NotNull Duration earlyRefreshMinInterval,
        @DefaultValue("10s") @NotNull Duration timeout, @DefaultValue("24h") @NotNull Duration maxStaleness) {

    public KeyVaultProperties {
        requirePositive("refresh-interval", refreshInterval);
        requirePositive("early-refresh-min-interval", earlyRefreshMinInterval);
        requirePositive("timeout", timeout);
        if (maxStaleness == null || maxStaleness.compareTo(refreshInterval.plus(timeout)) <= 0) {
            throw new IllegalArgumentException("apim.key-vault.max-staleness must be longer than refresh-interval plus timeout ("
                    + refreshInterval.plus(timeout) + "); was " + maxStaleness);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("apim.key-vault." + name + " must be a positive duration; was " + value);
        }
    }
}
