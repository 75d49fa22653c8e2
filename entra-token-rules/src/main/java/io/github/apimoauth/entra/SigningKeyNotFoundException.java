package io.github.apimoauth.entra;

import org.springframework.security.oauth2.jwt.BadJwtException;

/**
 * No key to check the token's signature with: its kid is not among the tenant's keys (also after a refetch, or while
 * a refetch is rate-limited), or the keys cannot be had. Still a {@link BadJwtException}, so a 401 invalid_token;
 * its own type lets a hop log these refusals sparingly, since anyone can make up a kid at no cost.
 */
public final class SigningKeyNotFoundException extends BadJwtException {

    SigningKeyNotFoundException(String message) {
        super(message);
    }

    SigningKeyNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
