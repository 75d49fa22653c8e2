package io.github.apimoauth.entra;

import org.springframework.security.oauth2.jwt.BadJwtException;

/**
 * No key to check the token's signature with: its kid is not among the tenant's keys (also after a refetch, or while
 * a refetch is rate-limited), or the keys cannot be had. Still a {@link BadJwtException}, so a 401 invalid_token;
 * its own type lets a hop log these refusals sparingly ({@link SigningKeyRefusals}), since anyone can make up a kid at
 * no cost.
 */
public final class SigningKeyNotFoundException extends BadJwtException {

    /** Why no key was found. */
    public enum Reason {

        /** The kid is not among the tenant's keys, which were fetched recently enough. */
        UNKNOWN_KEY,

        /** The tenant's keys could not be fetched and none are cached. */
        KEYS_UNAVAILABLE
    }

    private final Reason reason;

    SigningKeyNotFoundException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    SigningKeyNotFoundException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
