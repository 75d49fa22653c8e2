package io.github.apimoauth.frontend.credentials;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.github.apimoauth.azure.Fingerprint;

/**
 * One version of the subscription key as read from Key Vault. {@link #toString()} shows the fingerprint only.
 *
 * @param value the key, for the Ocp-Apim-Subscription-Key header only
 * @param fingerprint what log lines show of it, computed once because every call's line carries it
 * @param secretName the Key Vault secret it came from
 * @param version the secret version, which is not secret and tells rotations apart
 * @param expiresOn the secret's expiry in Key Vault, or null when it has none
 * @param reloaded whether this value was read again because the gateway refused the previous one
 */
public record SubscriptionKey(String value, String fingerprint, String secretName, String version,
        OffsetDateTime expiresOn, boolean reloaded) {

    public SubscriptionKey(String value, String secretName, String version, OffsetDateTime expiresOn, boolean reloaded) {
        this(value, Fingerprint.of(value), secretName, version, expiresOn, reloaded);
    }

    /** Usable until the expiry Key Vault gives it; a key without one stays usable until replaced. */
    boolean usableAt(Instant now) {
        return expiresOn == null || now.isBefore(expiresOn.toInstant());
    }

    SubscriptionKey asReloaded() {
        return new SubscriptionKey(value, fingerprint, secretName, version, expiresOn, true);
    }

    @Override
    public String toString() {
        return "SubscriptionKey[secret=" + secretName + ", version=" + version + ", fingerprint=" + fingerprint + "]";
    }
}
