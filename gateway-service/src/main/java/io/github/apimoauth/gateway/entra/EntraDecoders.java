package io.github.apimoauth.gateway.entra;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jwt.SignedJWT;
import io.github.apimoauth.entra.EntraJwks;
import io.github.apimoauth.entra.EntraTokenValidators;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Builds the reactive decoder of one token policy: RS256 only, keys from the tenant's shared {@link EntraJwks}, and
 * the shared library's validators (exact issuer, audience, lifetime with exp required). The Nimbus key source blocks
 * on a fetch, so it runs on the bounded-elastic scheduler, never on an event loop.
 */
final class EntraDecoders {

    private EntraDecoders() {
    }

    static ReactiveJwtDecoder decoder(EntraJwks jwks, Set<String> issuers, List<String> audiences, Duration clockSkew) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(signedJwt -> keys(jwks, signedJwt))
            .jwsAlgorithm(SignatureAlgorithm.RS256)
            .build();
        // Not JwtValidators.createDefault…: its timestamp validator would accept a token without exp.
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(EntraTokenValidators.lifetime(clockSkew),
                EntraTokenValidators.issuer(issuers), EntraTokenValidators.audience(audiences)));
        return decoder;
    }

    private static Flux<JWK> keys(EntraJwks jwks, SignedJWT jwt) {
        return Mono.fromCallable(() -> jwks.source().get(new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())), null))
            .subscribeOn(Schedulers.boundedElastic())
            // A refetch refused by the rate limit, or a keys endpoint down with nothing cached: no key matches, so the
            // token is refused as unverifiable (401), exactly like a token signed by an unknown key.
            .onErrorResume(KeySourceException.class, ex -> Mono.just(List.of()))
            .flatMapMany(Flux::fromIterable);
    }
}
