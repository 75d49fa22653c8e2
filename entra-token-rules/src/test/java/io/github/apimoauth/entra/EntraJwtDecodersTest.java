package io.github.apimoauth.entra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The shared decoder recipe over a key document the test controls: what the verified-token cache may skip (the
 * signature) and what it must not (every other rule, an expired token, a withdrawn key), and how often it fetches.
 */
class EntraJwtDecodersTest {

    private static final String ISSUER = "https://login.microsoftonline.com/tenant/v2.0";

    private static final RSAKey KEY = rsaKey("key-1");

    private static final RSAKey OTHER_KEY = rsaKey("key-2");

    /** A keys endpoint in memory: serves whatever keys the test publishes, and counts the fetches. */
    private static final class Document implements JWKSetSource<SecurityContext> {

        private volatile JWKSet keys;

        private final AtomicInteger fetches = new AtomicInteger();

        Document(RSAKey... keys) {
            publish(keys);
        }

        void publish(RSAKey... published) {
            this.keys = new JWKSet(List.of(published).stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList());
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, SecurityContext context) {
            fetches.incrementAndGet();
            return keys;
        }

        @Override
        public void close() {
        }
    }

    private EntraJwks jwks;

    @AfterEach
    void close() throws Exception {
        if (jwks != null) {
            jwks.close();
        }
    }

    private EntraJwks jwks(Document document, JwksSettings settings) {
        jwks = new EntraJwks("memory:keys", JWKSourceBuilder.create(document), settings);
        return jwks;
    }

    private static JwksSettings defaults() {
        return JwksSettings.defaults();
    }

    private static OAuth2TokenValidator<Jwt> rules(String audience, OAuth2TokenValidator<Jwt> lifetime) {
        return new DelegatingOAuth2TokenValidator<>(lifetime, EntraTokenValidators.issuer(Set.of(ISSUER)),
                EntraTokenValidators.audience(List.of(audience)));
    }

    private static OAuth2TokenValidator<Jwt> rules(String audience) {
        return rules(audience, EntraTokenValidators.lifetime(Duration.ofSeconds(60)));
    }

    @Test
    void decodeWhenSameTokenTwiceThenSignatureVerifiedOnceAndRulesRunEachTime() throws Exception {
        Document document = new Document(KEY);
        JwtDecoder decoder = EntraJwtDecoders.servlet(jwks(document, defaults()), rules("api://backend"));
        String token = token(KEY, "api://backend", Instant.now().plusSeconds(600));

        Jwt first = decoder.decode(token);
        Jwt second = decoder.decode(token);

        assertThat(second).as("the verified token is remembered").isSameAs(first);
        assertThat(first.getAudience()).containsExactly("api://backend");
        assertThat(first.getExpiresAt()).isInstanceOf(Instant.class);
        assertThat(first.getClaimAsString("azp")).isEqualTo("frontend-client-id");
        assertThat(jwks.verifiedTokens().size()).isEqualTo(1);
        assertThat(document.fetches.get()).isEqualTo(1);
    }

    @Test
    void decodeWhenAValidatorThrowsThenBadJwtNamingItInsteadOfTheException() throws Exception {
        // A rule a deployment adds may cast a claim of an unexpected type: a 401 at the hop, never a 500.
        OAuth2TokenValidator<Jwt> casting = jwt -> {
            throw new ClassCastException("class java.lang.String cannot be cast to class java.util.Map");
        };
        EntraJwks keys = jwks(new Document(KEY), defaults());
        String token = token(KEY, "api://backend", Instant.now().plusSeconds(600));

        assertThatExceptionOfType(BadJwtException.class)
            .isThrownBy(() -> EntraJwtDecoders.servlet(keys, casting).decode(token))
            .withMessageContaining("the token's claims could not be validated (ClassCastException)");
        assertThatExceptionOfType(BadJwtException.class)
            .isThrownBy(() -> EntraJwtDecoders.reactive(keys, casting).decode(token).block())
            .withMessageContaining("could not be validated");
    }

    @Test
    void decodeWhenCachedTokenHasOtherAudienceOrIssuerThenRefusedEveryTime() throws Exception {
        EntraJwks shared = jwks(new Document(KEY), defaults());
        JwtDecoder backend = EntraJwtDecoders.servlet(shared, rules("api://backend"));
        JwtDecoder other = EntraJwtDecoders.servlet(shared, rules("api://other"));
        String token = token(KEY, "api://backend", Instant.now().plusSeconds(600));
        String foreign = signed(KEY, claims("api://backend", Instant.now().plusSeconds(600)).issuer("https://evil/v2.0").build());

        backend.decode(token);

        assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> other.decode(token))
            .withMessageContaining("audience");
        assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> other.decode(token));
        assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> backend.decode(foreign))
            .withMessageContaining("issuer");
        assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> backend.decode(foreign));
    }

    @Test
    void decodeWhenCachedTokenHasExpiredThenRefused() throws Exception {
        TokenLifetime lifetime = new TokenLifetime(Duration.ofSeconds(60));
        JwtDecoder decoder = EntraJwtDecoders.servlet(jwks(new Document(KEY), defaults()), rules("api://backend", lifetime));
        String token = token(KEY, "api://backend", Instant.now().plusSeconds(600));
        decoder.decode(token);

        // Eleven minutes later for the rules; the cache still holds the token.
        lifetime.setClock(Clock.fixed(Instant.now().plusSeconds(660), ZoneOffset.UTC));

        assertThat(jwks.verifiedTokens().size()).isEqualTo(1);
        assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> decoder.decode(token))
            .withMessageContaining("expired");
    }

    @Test
    void decodeWhenSigningKeyWithdrawnThenCachedTokenRefused() throws Exception {
        Document document = new Document(KEY, OTHER_KEY);
        // Short timings, so the background refresh sees the withdrawal within the test.
        JwksSettings quick = new JwksSettings(Duration.ofMillis(1500), Duration.ofMillis(1000),
                Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofMillis(100));
        JwtDecoder decoder = EntraJwtDecoders.servlet(jwks(document, quick), rules("api://backend"));
        String token = token(KEY, "api://backend", Instant.now().plusSeconds(600));
        String survivor = token(OTHER_KEY, "api://backend", Instant.now().plusSeconds(600));
        decoder.decode(token);
        decoder.decode(survivor);

        document.publish(OTHER_KEY);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatExceptionOfType(BadJwtException.class)
            .isThrownBy(() -> decoder.decode(token)).withMessageContaining("signing key"));
        assertThat(jwks.verifiedTokens().size()).as("only the survivor's entry is left").isEqualTo(1);
        assertThat(decoder.decode(survivor).getAudience()).containsExactly("api://backend");
    }

    @Test
    void decodeWhenFloodOfUnknownKidsThenAtMostOneFetchPerRefetchInterval() throws Exception {
        Document document = new Document(KEY);
        JwtDecoder decoder = EntraJwtDecoders.servlet(jwks(document, defaults()), rules("api://backend"));
        decoder.decode(token(KEY, "api://backend", Instant.now().plusSeconds(600)));
        int before = document.fetches.get();

        List<String> forged = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            forged.add(token(rsaKey("made-up-" + i), "api://backend", Instant.now().plusSeconds(600)));
        }
        for (int i = 0; i < 1000; i++) {
            String token = forged.get(i % forged.size());
            assertThatExceptionOfType(SigningKeyNotFoundException.class).isThrownBy(() -> decoder.decode(token))
                .withMessageContaining("signing key is not among the tenant's keys")
                .satisfies(ex -> assertThat(ex.reason()).isEqualTo(SigningKeyNotFoundException.Reason.UNKNOWN_KEY));
        }

        assertThat(document.fetches.get() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void decodeWhenKeysEndpointDownAndNoKeysCachedThenEachCallIsSigningKeyNotFoundNamingUnavailableKeys() throws Exception {
        JWKSetSource<SecurityContext> down = new JWKSetSource<>() {
            @Override
            public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, SecurityContext context)
                    throws com.nimbusds.jose.KeySourceException {
                throw new com.nimbusds.jose.jwk.source.JWKSetUnavailableException("connection refused");
            }

            @Override
            public void close() {
            }
        };
        jwks = new EntraJwks("memory:down", JWKSourceBuilder.create(down), defaults());
        JwtDecoder decoder = EntraJwtDecoders.servlet(jwks, rules("api://backend"));
        String token = token(KEY, "api://backend", Instant.now().plusSeconds(600));

        // More calls than the refetch limit lets through: the refused ones must still say the keys are missing.
        for (int i = 0; i < 5; i++) {
            assertThatExceptionOfType(SigningKeyNotFoundException.class).isThrownBy(() -> decoder.decode(token))
                .withMessage("The tenant's signing keys are unavailable")
                .satisfies(ex -> assertThat(ex.reason()).isEqualTo(SigningKeyNotFoundException.Reason.KEYS_UNAVAILABLE));
        }
    }

    @Test
    void decodeWhenSignatureForgedWithAnotherKeyUnderKnownKidThenRefusedAndNotRemembered() throws Exception {
        JwtDecoder decoder = EntraJwtDecoders.servlet(jwks(new Document(KEY), defaults()), rules("api://backend"));
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(KEY.getKeyID()).generate();
        String forged = token(impostor, "api://backend", Instant.now().plusSeconds(600));

        assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(forged)).withMessageContaining("signature");
        assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(forged));
        assertThat(jwks.verifiedTokens().size()).isZero();
    }

    @Test
    void decodeWhenAlgorithmIsNotRs256OrTokenMalformedThenBadJwt() throws Exception {
        JwtDecoder decoder = EntraJwtDecoders.servlet(jwks(new Document(KEY), defaults()), rules("api://backend"));
        JWTClaimsSet claims = claims("api://backend", Instant.now().plusSeconds(600)).build();
        SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID()).build(), claims);
        hs256.sign(new MACSigner(new byte[32]));
        SignedJWT ps256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(KEY.getKeyID()).build(), claims);
        ps256.sign(new RSASSASigner(KEY));
        SignedJWT typed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID())
            .type(new JOSEObjectType("at+jwt+other")).build(), claims);
        typed.sign(new RSASSASigner(KEY));

        for (String token : List.of(hs256.serialize(), ps256.serialize(), typed.serialize(), new PlainJWT(claims).serialize(),
                "not.a.token", "")) {
            assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token));
        }
    }

    @Test
    void decodeReactiveWhenKeysInMemoryThenOnCallingThreadAndWhenColdThenOffIt() throws Exception {
        var decoder = EntraJwtDecoders.reactive(jwks(new Document(KEY), defaults()), rules("api://backend"));
        String token = token(KEY, "api://backend", Instant.now().plusSeconds(600));

        String cold = decoder.decode(token).map(jwt -> Thread.currentThread().getName()).block();
        String warm = decoder.decode(token(KEY, "api://backend", Instant.now().plusSeconds(900)))
            .map(jwt -> Thread.currentThread().getName()).block();

        assertThat(cold).startsWith("boundedElastic");
        assertThat(warm).isEqualTo(Thread.currentThread().getName());
    }

    private static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static JWTClaimsSet.Builder claims(String audience, Instant exp) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(audience).subject("caller").claim("azp", "frontend-client-id")
            .issueTime(Date.from(Instant.now().minusSeconds(60))).expirationTime(Date.from(exp));
    }

    private static String token(RSAKey key, String audience, Instant exp) throws Exception {
        return signed(key, claims(audience, exp).build());
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
