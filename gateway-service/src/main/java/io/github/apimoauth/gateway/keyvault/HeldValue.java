package io.github.apimoauth.gateway.keyvault;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the gateway holds for one Key Vault secret, and the only place that decides whether its value may be used.
 * Each answer of the vault moves it to the next state; {@link #usableAt} is checked on every request, so an expiry
 * or the maximum staleness takes effect at once, not at the next refresh.
 *
 * @param state where the value stands
 * @param value the value; null unless CURRENT or STALE
 * @param verifiedAt when the vault last returned the value; null if it never did
 * @param expiresOn the value's exp in the vault; null for none
 * @param reason why the last read did not return a usable value; null after a successful read
 * @param readSequence the read this state came from; an older read finishing late never overrides a newer answer
 */
record HeldValue(State state, String value, Instant verifiedAt, Instant expiresOn, String reason, long readSequence) {

    enum State {
        /** No answer from the vault yet: readiness waits. */
        LOADING,
        /** The vault returned this value at the last refresh. */
        CURRENT,
        /** Key Vault failed (5xx, transport, timeout): the last value read stays in use, up to the maximum staleness. */
        STALE,
        /** The vault refused it (disabled, deleted, expired, not yet valid, access removed): nothing is accepted. */
        GONE,
        /** Key Vault failed for longer than the maximum staleness: the value was dropped, nothing is accepted. */
        DROPPED
    }

    /** One read's result: a value with its validity, a refusal from the vault, or a failure to get an answer. */
    record Read(Kind kind, String value, Instant notBefore, Instant expiresOn, String reason) {

        enum Kind {
            VALUE, GONE, FAILED
        }

        static Read value(String value, Boolean enabled, Instant notBefore, Instant expiresOn) {
            // Key Vault never returns a disabled value; should one arrive anyway, it is not used.
            return Boolean.FALSE.equals(enabled) || value == null ? gone("disabled or empty")
                    : new Read(Kind.VALUE, value, notBefore, expiresOn, null);
        }

        static Read gone(String reason) {
            return new Read(Kind.GONE, null, null, null, reason);
        }

        static Read failed(String reason) {
            return new Read(Kind.FAILED, null, null, null, reason);
        }
    }

    static HeldValue loading() {
        return new HeldValue(State.LOADING, null, null, null, null, 0);
    }

    /** The value, if it may be used now: held, not past its exp, and read successfully within the maximum staleness. */
    Optional<String> usableAt(Instant now, Duration maxStaleness) {
        if (value == null || (expiresOn != null && !now.isBefore(expiresOn)) || now.isAfter(verifiedAt.plus(maxStaleness))) {
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** The state after this read's answer. */
    HeldValue after(Read read, long sequence, Instant now, Duration maxStaleness) {
        return switch (read.kind()) {
            case VALUE -> {
                if (read.expiresOn() != null && !now.isBefore(read.expiresOn())) {
                    yield gone("expired (exp " + read.expiresOn() + ")", sequence);
                }
                // A not-yet-valid value is not used, and the previous one is not kept either: Key Vault itself refuses
                // to return a secret before its nbf, and reaching back to an older version is what revocation forbids.
                if (read.notBefore() != null && now.isBefore(read.notBefore())) {
                    yield gone("not valid before " + read.notBefore(), sequence);
                }
                yield new HeldValue(State.CURRENT, read.value(), now, read.expiresOn(), null, sequence);
            }
            case GONE -> gone(read.reason(), sequence);
            case FAILED -> switch (state) {
                case CURRENT, STALE -> {
                    if (expiresOn != null && !now.isBefore(expiresOn)) {
                        yield gone("expired (exp " + expiresOn + ")", sequence);
                    }
                    yield now.isAfter(verifiedAt.plus(maxStaleness))
                            ? new HeldValue(State.DROPPED, null, verifiedAt, null, read.reason(), sequence)
                            : new HeldValue(State.STALE, value, verifiedAt, expiresOn, read.reason(), sequence);
                }
                // Nothing held to fall back on: a failure changes only the reason.
                case LOADING, GONE, DROPPED -> new HeldValue(state, null, verifiedAt, null, read.reason(), sequence);
            };
        };
    }

    private HeldValue gone(String why, long sequence) {
        return new HeldValue(State.GONE, null, verifiedAt, null, why, sequence);
    }
}
