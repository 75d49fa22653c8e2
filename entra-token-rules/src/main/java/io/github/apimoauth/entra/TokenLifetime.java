package io.github.apimoauth.entra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

/**
 * The token's lifetime: exp required, exp and nbf checked with a clock skew. Spring Security's JwtTimestampValidator
 * with exp required, word for word in its refusals ({@link RefusalReason} reads "Jwt expired"), but reading the times
 * through {@link TokenClaims}: its accessors convert each claim on every call, and this rule runs on every request, a
 * cached token included.
 */
final class TokenLifetime implements OAuth2TokenValidator<Jwt> {

    /** Where Spring Security's timestamp validator points its errors; kept, so a refusal reads the same. */
    private static final String ERROR_URI = "https://tools.ietf.org/html/rfc6750#section-3.1";

    private final Duration clockSkew;

    private volatile Clock clock = Clock.systemUTC();

    TokenLifetime(Duration clockSkew) {
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("The clock skew must not be negative");
        }
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        Instant now = Instant.now(clock);
        Instant expiresAt = TokenClaims.instant(jwt, JwtClaimNames.EXP);
        if (expiresAt == null) {
            return failure("exp is required");
        }
        if (now.minus(clockSkew).isAfter(expiresAt)) {
            return failure("Jwt expired at " + expiresAt);
        }
        Instant notBefore = TokenClaims.instant(jwt, JwtClaimNames.NBF);
        if (notBefore != null && now.plus(clockSkew).isBefore(notBefore)) {
            return failure("Jwt used before " + notBefore);
        }
        return OAuth2TokenValidatorResult.success();
    }

    /** For tests that move time on. */
    void setClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, ERROR_URI));
    }
}
