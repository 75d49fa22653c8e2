package io.github.apimoauth.backend.auth;

import java.util.List;

import io.github.apimoauth.azure.metrics.JwksMeters;
import io.github.apimoauth.entra.EntraJwks;
import io.github.apimoauth.entra.EntraJwtDecoders;
import io.github.apimoauth.entra.EntraTokenSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Token validation: the shared recipe ({@link EntraJwtDecoders}) built from the backend's {@link EntraTokenSettings},
 * the same one the gateway builds its decoder with: signature (RS256 only) against the tenant's JWKS, verified once
 * per token; then on every request the same validators (exact issuers of the allowed tenants, audience, a lifetime
 * with exp required and this hop's clock skew).
 * <p>
 * The decoder itself is built here, not by Boot from jwk-set-uri: Boot's decoder refetches the JWKS for every unknown
 * kid, so a flood of made-up kids would become a flood of JWKS fetches, and it cannot tell readiness whether the keys
 * have loaded. The shared {@link EntraJwks} caches, rate-limits and reports both.
 */
@Configuration(proxyBeanMethods = false)
class TokenValidationConfiguration {

    @Bean
    EntraTokenSettings entraTokenSettings(EasyAuthProperties properties) {
        return properties.tokenSettings();
    }

    @Bean
    EntraJwks entraJwks(EntraTokenSettings settings) {
        return EntraJwks.of(settings);
    }

    /** The signing keys' age, last-known-good state and fetches. */
    @Bean
    JwksMeters jwksMeters(EntraJwks jwks) {
        return new JwksMeters(() -> List.of(jwks));
    }

    @Bean
    JwtDecoder jwtDecoder(EntraTokenSettings settings, EntraJwks jwks) {
        return EntraJwtDecoders.servlet(settings, jwks);
    }
}
