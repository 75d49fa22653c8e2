package io.github.apimoauth.entra;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;

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

    /** RFC 7800's confirmation claim and RFC 8705's certificate-thumbprint member of it. */
    private static final String CONFIRMATION = "cnf";

    private static final String CERTIFICATE_THUMBPRINT = "x5t#S256";

    static final String CONFIRMATION_NOT_AN_OBJECT = "The token's cnf claim is not a JSON object";

    private EntraTokenValidators() {
    }

    /**
     * The one validator set of every hop, servlet and reactive alike, in the order of Spring Security's defaults: typ
     * JWT or none; a token bound to a client certificate, cnf x5t#S256, is refused, as no hop terminates mutual TLS to
     * prove it; then the lifetime with exp required and the settings' clock skew, the exact issuers and the audiences.
     * Not {@code JwtValidators.createDefaultWithValidators}: it adds Spring's own timestamp validator to any list
     * without one, and that one would run the lifetime check a second time, with its conversions, on every request.
     */
    public static OAuth2TokenValidator<Jwt> of(EntraTokenSettings settings) {
        return new DelegatingOAuth2TokenValidator<>(JwtTypeValidator.jwt(), notCertificateBound(),
                lifetime(settings.clockSkew()), issuer(settings.issuers()), audience(settings.audiences()));
    }

    /**
     * Spring Security's default rule for a token bound to a client certificate (cnf with x5t#S256), as it applies here:
     * no hop has a client certificate to match, so such a token is refused with Spring's words for that case. A cnf
     * that is not a JSON object is refused too, saying so, where Spring's rule would throw.
     */
    static OAuth2TokenValidator<Jwt> notCertificateBound() {
        return jwt -> {
            Object cnf = jwt.getClaims().get(CONFIRMATION);
            if (cnf == null) {
                return OAuth2TokenValidatorResult.success();
            }
            if (!(cnf instanceof Map<?, ?> confirmation)) {
                return failure(CONFIRMATION_NOT_AN_OBJECT);
            }
            return confirmation.get(CERTIFICATE_THUMBPRINT) == null ? OAuth2TokenValidatorResult.success()
                    : failure("Unable to obtain X509Certificate from current request.");
        };
    }

    /** The issuer must be one of these, exactly. */
    public static OAuth2TokenValidator<Jwt> issuer(Set<String> allowedIssuers) {
        Set<String> issuers = Set.copyOf(allowedIssuers);
        if (issuers.isEmpty()) {
            throw new IllegalArgumentException("At least one issuer must be allowed: an empty list never means 'any issuer'");
        }
        return jwt -> {
            String iss = TokenClaims.string(jwt, JwtClaimNames.ISS);
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
        return jwt -> {
            List<String> aud = TokenClaims.strings(jwt, JwtClaimNames.AUD);
            if (aud != null) {
                for (String value : aud) {
                    if (audiences.contains(value)) {
                        return OAuth2TokenValidatorResult.success();
                    }
                }
            }
            return failure(AUDIENCE_NOT_ALLOWED);
        };
    }

    /**
     * exp is required, and exp and nbf are checked with this clock skew: it stands in for Spring Security's default
     * timestamp validator, which would accept a token without exp.
     */
    public static OAuth2TokenValidator<Jwt> lifetime(Duration clockSkew) {
        return new TokenLifetime(clockSkew);
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
