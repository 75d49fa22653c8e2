package io.github.apimoauth.backend.auth;

import java.util.List;

import io.github.apimoauth.entra.EntraAudiences;
import io.github.apimoauth.entra.EntraIssuers;
import io.github.apimoauth.entra.EntraJwks;
import io.github.apimoauth.entra.EntraJwtDecoders;
import io.github.apimoauth.entra.EntraTokenValidators;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * Token validation: signature (RS256 only) against the tenant's JWKS, exact issuers of the allowed tenants, audience,
 * and a lifetime with exp required. The extra rules are OAuth2TokenValidator beans from the shared Entra rules, and the
 * decoder is the shared recipe ({@link EntraJwtDecoders}), which verifies a token's signature once and every other
 * rule on every request.
 * <p>
 * The decoder itself is built here, not by Boot from jwk-set-uri: Boot's decoder refetches the JWKS for every unknown
 * kid, so a flood of made-up kids would become a flood of JWKS fetches, and it cannot tell readiness whether the keys
 * have loaded. The shared {@link EntraJwks} caches, rate-limits and reports both.
 */
@Configuration(proxyBeanMethods = false)
class TokenValidationConfiguration {

    @Bean
    EntraJwks entraJwks(EasyAuthProperties properties) {
        return new EntraJwks(EntraIssuers.jwksUri(properties.getAuthorityHost(), properties.getTenantId()),
                properties.getJwks().toSettings());
    }

    @Bean
    JwtTimestampValidator tokenLifetimeValidator(EasyAuthProperties properties) {
        return EntraTokenValidators.lifetime(properties.getClockSkew());
    }

    @Bean
    OAuth2TokenValidator<Jwt> tokenIssuerValidator(EasyAuthProperties properties) {
        if (properties.getAllowedTenants().isEmpty()) {
            throw new IllegalStateException("backend.auth.allowed-tenants is empty: set ALLOWED_TENANTS to at least one tenant id; "
                    + "its v1/v2 issuers are the only ones trusted");
        }
        return EntraTokenValidators.issuer(EntraIssuers.allowed(properties.getAuthorityHost(), properties.getV1IssuerBase(),
                properties.getAllowedTenants(), properties.getTokenVersions()));
    }

    @Bean
    OAuth2TokenValidator<Jwt> tokenAudienceValidator(EasyAuthProperties properties) {
        List<String> audiences = properties.getAllowedAudiences().isEmpty() ? EntraAudiences.defaults(properties.getAppId())
                : properties.getAllowedAudiences();
        return EntraTokenValidators.audience(audiences);
    }

    @Bean
    JwtDecoder jwtDecoder(EntraJwks jwks, List<OAuth2TokenValidator<Jwt>> validators) {
        return EntraJwtDecoders.servlet(jwks, JwtValidators.createDefaultWithValidators(validators));
    }
}
