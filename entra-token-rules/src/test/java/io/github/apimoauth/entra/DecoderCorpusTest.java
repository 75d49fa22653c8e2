package io.github.apimoauth.entra;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import io.github.apimoauth.emulator.entra.TokenMinter.MintRequest;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet decoder (backend) and the reactive one (gateway), each built from the same settings with its own key
 * cache, against the emulator's real keys endpoint and real RS256 tokens: every token of the corpus gets the same
 * verdict from both, the first time and again from the verified-token cache.
 */
@ExtendWith(AzureEmulatorExtension.class)
class DecoderCorpusTest {

    /** Accepted with these claims, or refused with this exception and message. */
    private record Verdict(boolean accepted, Map<String, Object> claims, String error, String message) {
    }

    private final AzureEmulator emulator;

    private final EntraTokenSettings settings;

    private final EntraJwks servletKeys;

    private final EntraJwks reactiveKeys;

    DecoderCorpusTest(AzureEmulator emulator) {
        this.emulator = emulator;
        String home = emulator.tenantId("home");
        this.settings = new EntraTokenSettings(emulator.authorityHost(), emulator.authorityHost(), home, Set.of(home),
                EntraAudiences.defaults(emulator.appId("backend-api")), Set.of(TokenVersion.V1, TokenVersion.V2),
                Duration.ofSeconds(60), JwksSettings.defaults());
        this.servletKeys = EntraJwks.of(settings);
        this.reactiveKeys = EntraJwks.of(settings);
    }

    @AfterEach
    void close() throws Exception {
        servletKeys.close();
        reactiveKeys.close();
    }

    @Test
    void decodeWhenSameCorpusThroughServletAndReactiveDecodersThenIdenticalVerdicts() throws Exception {
        JwtDecoder servlet = EntraJwtDecoders.servlet(settings, servletKeys);
        ReactiveJwtDecoder reactive = EntraJwtDecoders.reactive(settings, reactiveKeys);
        Map<String, Boolean> expected = new LinkedHashMap<>();
        Map<String, String> corpus = corpus(expected);

        for (int pass = 1; pass <= 2; pass++) {
            for (Map.Entry<String, String> token : corpus.entrySet()) {
                Verdict fromServlet = servlet(servlet, token.getValue());
                Verdict fromReactive = reactive(reactive, token.getValue());

                assertThat(fromReactive).as("pass %d, %s", pass, token.getKey()).isEqualTo(fromServlet);
                assertThat(fromServlet.accepted()).as("pass %d, %s: %s", pass, token.getKey(), fromServlet)
                    .isEqualTo(expected.get(token.getKey()));
                if (!fromServlet.accepted()) {
                    assertThat(fromServlet.error()).as("%s is refused as a bad token, a 401 at either hop", token.getKey())
                        .isIn("BadJwtException", "JwtValidationException", "SigningKeyNotFoundException");
                }
            }
        }
    }

    private static Verdict servlet(JwtDecoder decoder, String token) {
        try {
            return accepted(decoder.decode(token));
        }
        catch (RuntimeException ex) {
            return refused(ex);
        }
    }

    private static Verdict reactive(ReactiveJwtDecoder decoder, String token) {
        try {
            return decoder.decode(token).map(DecoderCorpusTest::accepted).onErrorResume(ex -> Mono.just(refused(ex))).block();
        }
        catch (RuntimeException ex) {
            return refused(ex);
        }
    }

    private static Verdict accepted(Jwt jwt) {
        return new Verdict(true, jwt.getClaims(), null, null);
    }

    private static Verdict refused(Throwable ex) {
        return new Verdict(false, null, ex.getClass().getSimpleName(), ex.getMessage());
    }

    /** Good and bad tokens by name, in the order they are sent; whether each should pass goes into expected. */
    private Map<String, String> corpus(Map<String, Boolean> expected) throws Exception {
        Map<String, String> corpus = new LinkedHashMap<>();
        String audience = "api://" + emulator.appId("backend-api");
        String home = emulator.tenantId("home");
        long longAgo = Instant.now().minusSeconds(7200).getEpochSecond();
        String valid = emulator.tokenFor("frontend", audience);

        add(corpus, expected, "v2 token", true, valid);
        add(corpus, expected, "v1 token", true, mint(audience, 1, null, null, null, null));
        add(corpus, expected, "bare app id audience", true, mint(emulator.appId("backend-api"), 2, null, null, null, null));
        add(corpus, expected, "one role as a string", true, mint(audience, null, Map.of("roles", "Backend.Read"), null, null, null));
        add(corpus, expected, "expired within the clock skew", true,
                mint(audience, null, Map.of("iat", longAgo, "nbf", longAgo), null, -30L, null));
        add(corpus, expected, "expired", false, mint(audience, null, Map.of("iat", longAgo, "nbf", longAgo), null, -120L, null));
        add(corpus, expected, "not valid yet", false, mint(audience, null, null, null, null, 300L));
        add(corpus, expected, "no exp", false, mint(audience, null, without("exp"), null, null, null));
        add(corpus, expected, "no issuer", false, mint(audience, null, without("iss"), null, null, null));
        add(corpus, expected, "issuer without its trailing slash", false,
                mint(audience, 1, Map.of("iss", emulator.authorityHost() + "/" + home), null, null, null));
        add(corpus, expected, "another tenant's token", false, emulator.tokenFor("foreign", audience));
        add(corpus, expected, "another audience", false, emulator.tokenFor("frontend", "https://vault.azure.net"));
        add(corpus, expected, "no audience", false, mint(audience, null, without("aud"), null, null, null));
        add(corpus, expected, "bound to a client certificate", false,
                mint(audience, null, Map.of("cnf", Map.of("x5t#S256", "bm90LWEtY2VydGlmaWNhdGU")), null, null, null));
        add(corpus, expected, "cnf that is not an object", false, mint(audience, null, Map.of("cnf", "x"), null, null, null));
        add(corpus, expected, "typ at+jwt", false, mint(audience, null, null, Map.of("typ", "at+jwt"), null, null));
        add(corpus, expected, "unknown kid", false, mint(audience, null, null, Map.of("kid", UUID.randomUUID().toString()), null, null));
        add(corpus, expected, "signed by an untrusted key", false, emulator.mint(new MintRequest(null, "frontend", audience, null, null,
                null, null, null, true)));
        add(corpus, expected, "payload changed after signing", false, tampered(valid));
        add(corpus, expected, "HS256 under a published kid", false, hs256(valid));
        add(corpus, expected, "alg none", false, unsigned(valid));
        add(corpus, expected, "not a token", false, "not.a.token");
        add(corpus, expected, "empty", false, "");
        return corpus;
    }

    private static void add(Map<String, String> corpus, Map<String, Boolean> expected, String name, boolean accepted, String token) {
        corpus.put(name, token);
        expected.put(name, accepted);
    }

    private String mint(String audience, Integer version, Map<String, Object> claims, Map<String, Object> header,
            Long lifetimeSeconds, Long notBeforeSeconds) {
        return emulator.mint(new MintRequest(null, "frontend", audience, version, claims, header, lifetimeSeconds,
                notBeforeSeconds, null));
    }

    private static Map<String, Object> without(String claim) {
        Map<String, Object> removed = new HashMap<>();
        removed.put(claim, null);
        return removed;
    }

    /** The signature of the token as issued, over a payload granting itself another role. */
    private static String tampered(String token) throws Exception {
        String[] parts = token.split("\\.");
        JWTClaimsSet claims = new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet())
            .claim("roles", List.of("Backend.Write")).build();
        String payload = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }

    private static String hs256(String token) throws Exception {
        SignedJWT valid = SignedJWT.parse(token);
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(valid.getHeader().getKeyID()).build(),
                JWTClaimsSet.parse(valid.getJWTClaimsSet().toJSONObject()));
        hmac.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
        return hmac.serialize();
    }

    private static String unsigned(String token) {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + token.split("\\.")[1] + ".";
    }
}
