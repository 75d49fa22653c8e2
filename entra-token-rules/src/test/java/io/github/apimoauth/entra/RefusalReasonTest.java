package io.github.apimoauth.entra;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;

/** The metric tag of a token refusal comes from the validators' own errors, wherever the decoder wrapped them. */
class RefusalReasonTest {

    private static final Jwt JWT = Jwt.withTokenValue("t").header("alg", "RS256").claim("iss", "https://elsewhere")
        .audience(List.of("api://elsewhere")).issuedAt(Instant.now().minusSeconds(7200))
        .expiresAt(Instant.now().minusSeconds(3600)).build();

    private static JwtValidationException failure(List<OAuth2Error> errors) {
        return new JwtValidationException("invalid", errors);
    }

    @Test
    void ofTokenFailureWhenIssuerValidatorFailsThenIssuer() {
        var errors = EntraTokenValidators.issuer(java.util.Set.of("https://login/tenant/v2.0")).validate(JWT).getErrors();

        assertThat(RefusalReason.ofTokenFailure(failure(List.copyOf(errors)))).isEqualTo(RefusalReason.ISSUER);
    }

    @Test
    void ofTokenFailureWhenAudienceFailsInsideTheResourceServersExceptionThenAudience() {
        var errors = EntraTokenValidators.audience(List.of("api://backend")).validate(JWT).getErrors();

        // The servlet resource server wraps the validation failure: the backend sees this.
        var wrapped = new InvalidBearerTokenException("invalid", failure(List.copyOf(errors)));

        assertThat(RefusalReason.ofTokenFailure(wrapped)).isEqualTo(RefusalReason.AUDIENCE);
    }

    @Test
    void ofTokenFailureWhenExpiredThenExpired() {
        var errors = EntraTokenValidators.lifetime(Duration.ZERO).validate(JWT).getErrors();

        assertThat(RefusalReason.ofTokenFailure(failure(List.copyOf(errors)))).isEqualTo(RefusalReason.EXPIRED);
    }

    @Test
    void ofTokenFailureWhenSigningKeyUnknownThenSigningKey() {
        var unknown = new SigningKeyNotFoundException(SigningKeyNotFoundException.Reason.UNKNOWN_KEY, "no key");

        assertThat(RefusalReason.ofTokenFailure(new InvalidBearerTokenException("invalid", unknown)))
            .isEqualTo(RefusalReason.SIGNING_KEY);
    }

    @Test
    void ofTokenFailureWhenUndecodableOrAnotherCheckFailsThenInvalidToken() {
        assertThat(RefusalReason.ofTokenFailure(new BadJwtException("bad signature"))).isEqualTo(RefusalReason.INVALID_TOKEN);
        assertThat(RefusalReason.ofTokenFailure(failure(List.of(new OAuth2Error("invalid_token", "The typ is not allowed", null)))))
            .isEqualTo(RefusalReason.INVALID_TOKEN);
    }

    @Test
    void ofWhenAccessRulesCheckDeniesThenItsReason() {
        assertThat(RefusalReason.of(AccessRules.Check.ALLOWED_APPLICATIONS).tag()).isEqualTo("client_app");
        assertThat(RefusalReason.of(AccessRules.Check.ALLOWED_TENANTS).tag()).isEqualTo("tenant");
        assertThat(RefusalReason.of(AccessRules.Check.ALLOWED_PRINCIPALS).tag()).isEqualTo("principal");
        assertThat(RefusalReason.of(AccessRules.Check.ROLES).tag()).isEqualTo("role");
    }
}
