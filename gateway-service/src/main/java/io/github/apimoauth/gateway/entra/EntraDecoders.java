package io.github.apimoauth.gateway.entra;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.apimoauth.entra.EntraJwks;
import io.github.apimoauth.entra.EntraJwtDecoders;
import io.github.apimoauth.entra.EntraTokenValidators;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Builds the reactive decoder of one token policy with the shared recipe ({@link EntraJwtDecoders}): RS256 against the
 * tenant's shared {@link EntraJwks}, and the shared library's validators (exact issuer, audience, lifetime with exp
 * required). The keys are read from memory on the calling thread; only a key fetch leaves it.
 */
final class EntraDecoders {

    private EntraDecoders() {
    }

    static ReactiveJwtDecoder decoder(EntraJwks jwks, Set<String> issuers, List<String> audiences, Duration clockSkew) {
        // Not JwtValidators.createDefault…: its timestamp validator would accept a token without exp.
        return EntraJwtDecoders.reactive(jwks, new DelegatingOAuth2TokenValidator<>(EntraTokenValidators.lifetime(clockSkew),
                EntraTokenValidators.issuer(issuers), EntraTokenValidators.audience(audiences)));
    }
}
