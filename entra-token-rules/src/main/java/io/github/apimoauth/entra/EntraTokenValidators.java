package io.github.apimoauth.entra;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * The token checks every hop makes, as Spring Security validators: exact issuer, audience, and a lifetime with a
 * required exp. Failures are invalid_token (401); allowlists and roles are authorisation decisions (403), made by
 * {@link AccessRules}. {@link #of} is the one set both hops run.
 */
public final class EntraTokenValidators {

    /** The issuer check's error description, which {@link RefusalReason#ofTokenFailure} recognises. */
    static final String ISSUER_NOT_ALLOWED = "The token's issuer is not allowed";

    /** The audience check's error description, which {@link RefusalReason#ofTokenFailure} recognises. */
    static final String AUDIENCE_NOT_ALLOWED = "The token's audience is not allowed";

    private EntraTokenValidators() {
    }

    /**
     * The one validator set of every hop, servlet and reactive alike: Spring Security's defaults (typ JWT or none; a
     * token bound to a client certificate, cnf x5t#S256, is refused, as no hop terminates mutual TLS to prove it), then
     * the lifetime with exp required and the settings' clock skew, the exact issuers and the audiences.
     */
    public static OAuth2TokenValidator<Jwt> of(EntraTokenSettings settings) {
        // Our lifetime validator stands in for the default one, which would accept a token without exp.
        return JwtValidators.createDefaultWithValidators(lifetime(settings.clockSkew()), issuer(settings.issuers()),
                audience(settings.audiences()));
    }

    /** The issuer must be one of these, exactly. */
    public static OAuth2TokenValidator<Jwt> issuer(Set<String> allowedIssuers) {
        Set<String> issuers = Set.copyOf(allowedIssuers);
        if (issuers.isEmpty()) {
            throw new IllegalArgumentException("At least one issuer must be allowed: an empty list never means 'any issuer'");
        }
        return jwt -> {
            String iss = jwt.getClaimAsString("iss");
            return iss != null && issuers.contains(iss) ? OAuth2TokenValidatorResult.success()
                    : failure(ISSUER_NOT_ALLOWED);
        };
    }

    /** At least one aud value must be one of these. */
    public static OAuth2TokenValidator<Jwt> audience(Collection<String> allowedAudiences) {
        List<String> audiences = List.copyOf(allowedAudiences);
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("At least one audience must be allowed: an empty list never means 'any audience'");
        }
        return jwt -> jwt.getAudience() != null && jwt.getAudience().stream().anyMatch(audiences::contains)
                ? OAuth2TokenValidatorResult.success() : failure(AUDIENCE_NOT_ALLOWED);
    }

    /**
     * exp is required, and exp and nbf are checked with this clock skew. As a bean, it replaces Spring Security's
     * default timestamp validator, which would accept a token without exp.
     */
    public static JwtTimestampValidator lifetime(Duration clockSkew) {
        JwtTimestampValidator validator = new JwtTimestampValidator(clockSkew);
        validator.setAllowEmptyExpiryClaim(false);
        return validator;
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
