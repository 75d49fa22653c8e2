package io.github.apimoauth.entra;

import java.util.Collection;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The one token decoder recipe of every hop, servlet and reactive alike, built from one {@link EntraTokenSettings}:
 * RS256 against the tenant's {@link EntraJwks}, a remembered signature for a token seen before, then the settings'
 * validators ({@link EntraTokenValidators#of}) on every request. Whatever fails, the decoders answer with a
 * {@link JwtException} (a 401 at either hop), never another exception.
 * <p>
 * The reactive decoder never leaves the calling thread while the keys are in memory; only a cold key cache or an
 * unknown kid (at most once per refetch interval) goes to the bounded-elastic scheduler, where a fetch may block.
 */
public final class EntraJwtDecoders {

    private EntraJwtDecoders() {
    }

    /** The servlet decoder (backend): blocks only for a key fetch. */
    public static JwtDecoder servlet(EntraTokenSettings settings, EntraJwks jwks) {
        return servlet(keysOf(settings, jwks), EntraTokenValidators.of(settings));
    }

    /** The reactive decoder (gateway): leaves the calling thread only for a key fetch. */
    public static ReactiveJwtDecoder reactive(EntraTokenSettings settings, EntraJwks jwks) {
        return reactive(keysOf(settings, jwks), EntraTokenValidators.of(settings));
    }

    /** The keys must be the settings' tenant's: a decoder over another tenant's key source is a wiring mistake. */
    private static EntraJwks keysOf(EntraTokenSettings settings, EntraJwks jwks) {
        if (!settings.jwksUri().equals(jwks.uri())) {
            throw new IllegalArgumentException("The signing keys from " + jwks.uri() + " are not those of the settings' tenant ("
                    + settings.jwksUri() + ")");
        }
        return jwks;
    }

    /** Over any validators: the recipe's own tests swap in theirs. */
    static JwtDecoder servlet(EntraJwks jwks, OAuth2TokenValidator<Jwt> validator) {
        TokenVerifier verifier = new TokenVerifier(jwks);
        return token -> {
            TokenVerifier.Attempt attempt = verifier.verifyFromMemory(token);
            Jwt jwt = attempt instanceof TokenVerifier.Verified verified ? verified.jwt()
                    : verifier.verifyFetchingKeys((TokenVerifier.NeedsKeys) attempt);
            return validate(jwt, validator);
        };
    }

    static ReactiveJwtDecoder reactive(EntraJwks jwks, OAuth2TokenValidator<Jwt> validator) {
        TokenVerifier verifier = new TokenVerifier(jwks);
        return token -> {
            TokenVerifier.Attempt attempt;
            try {
                attempt = verifier.verifyFromMemory(token);
                if (attempt instanceof TokenVerifier.Verified verified) {
                    return Mono.just(validate(verified.jwt(), validator));
                }
            }
            catch (JwtException ex) {
                return Mono.error(ex);
            }
            TokenVerifier.NeedsKeys pending = (TokenVerifier.NeedsKeys) attempt;
            return Mono.fromCallable(() -> validate(verifier.verifyFetchingKeys(pending), validator))
                .subscribeOn(Schedulers.boundedElastic());
        };
    }

    /**
     * As Spring's decoders report a failed validation, so error handlers see the same exception and message. A validator
     * that throws (a claim of an unexpected type it casts) refuses the token: a 401, not a 500.
     */
    private static Jwt validate(Jwt jwt, OAuth2TokenValidator<Jwt> validator) {
        OAuth2TokenValidatorResult result;
        try {
            result = validator.validate(jwt);
        }
        catch (RuntimeException ex) {
            throw new BadJwtException("An error occurred while attempting to decode the Jwt: the token's claims could not be "
                    + "validated (" + ex.getClass().getSimpleName() + ")", ex);
        }
        if (!result.hasErrors()) {
            return jwt;
        }
        Collection<OAuth2Error> errors = result.getErrors();
        String description = errors.stream().map(OAuth2Error::getDescription).filter(d -> d != null && !d.isEmpty())
            .findFirst().map(d -> "An error occurred while attempting to decode the Jwt: " + d).orElse("Unable to validate Jwt");
        throw new JwtValidationException(description, errors);
    }
}
