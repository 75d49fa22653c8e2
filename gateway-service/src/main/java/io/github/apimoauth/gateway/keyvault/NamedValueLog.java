package io.github.apimoauth.gateway.keyvault;

import java.time.Duration;

import io.github.apimoauth.azure.Fingerprint;
import io.github.apimoauth.gateway.keyvault.HeldValue.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per change of a named value's state (loaded, rotated, stale, recovered, gone, dropped), with the
 * secret's name and fingerprints, never a value. A refresh that changes nothing logs nothing, so a vault outage or a
 * revoked secret costs one line, not one per refresh.
 */
final class NamedValueLog {

    private static final Logger log = LoggerFactory.getLogger(KeyVaultNamedValues.class);

    private NamedValueLog() {
    }

    static void transition(String name, HeldValue before, HeldValue after, Duration maxStaleness) {
        String held = Fingerprint.of(before.value());
        switch (after.state()) {
            case CURRENT -> {
                String now = Fingerprint.of(after.value());
                if (before.state() == State.STALE || before.state() == State.DROPPED) {
                    log.info("Key Vault secret {} recovered: read again (fingerprint {} -> {})", name, held, now);
                }
                else if (before.state() == State.LOADING || before.state() == State.GONE) {
                    log.info("Key Vault secret {} loaded (fingerprint {})", name, now);
                }
                else if (!held.equals(now)) {
                    log.info("Key Vault secret {} rotated (fingerprint {} -> {})", name, held, now);
                }
            }
            case STALE -> {
                if (before.state() != State.STALE) {
                    log.warn("Key Vault read of secret {} failed: {}; the last value read (fingerprint {}) stays in use for "
                            + "at most {} after {}", name, after.reason(), held, maxStaleness, after.verifiedAt());
                }
            }
            case GONE -> {
                if (before.value() != null) {
                    log.warn("Key Vault secret {} is gone: {}; the value with fingerprint {} is no longer accepted", name,
                            after.reason(), held);
                }
                else if (before.state() != State.GONE) {
                    log.warn("Key Vault secret {} is gone: {}; nothing is accepted for it", name, after.reason());
                }
            }
            case DROPPED -> {
                if (before.state() != State.DROPPED) {
                    log.error("Key Vault secret {} not read successfully since {} (max staleness {}; last failure: {}): the "
                            + "value with fingerprint {} is no longer accepted", name, after.verifiedAt(), maxStaleness,
                            after.reason(), held);
                }
            }
            case LOADING -> {
                if (before.reason() == null && after.reason() != null) {
                    log.warn("Key Vault read of secret {} failed: {}; nothing is accepted for it until a read succeeds", name,
                            after.reason());
                }
            }
        }
    }
}
