package io.github.apimoauth.entra;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.apimoauth.entra.policy.Allowlists;
import io.github.apimoauth.entra.policy.CallerPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The token check's pieces, in microseconds per operation: a token seen for the first time (parse, RS256 verify,
 * claims, rules), the same token again (cache hit, rules only), the rules alone, the operation and role decision, and
 * the caller policy a hop asks on every call (a policy of a thousand entries of each kind).
 * In the same package as the rules so it can give the key source an in-memory document.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenRulesBenchmark {

    private static final String TENANT = "28732aa9-1423-4e89-87fa-81c11b81002b";

    private static final String ISSUER = "https://login.microsoftonline.com/" + TENANT + "/v2.0";

    private static final String AUDIENCE = "api://backend";

    private static final String FRONTEND_APP_ID = "b3116a01-1552-4498-9c17-e9aa271d0487";

    private RSAKey key;

    private EntraJwks jwks;

    private JwtDecoder decoder;

    private String token;

    private Jwt jwt;

    private OAuth2TokenValidator<Jwt> rules;

    private AccessRules access;

    private EntraCaller caller;

    private CallerPolicy policy;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("key-1").generate();
        JWKSet document = new JWKSet(key.toPublicJWK());
        JWKSetSource<SecurityContext> source = new JWKSetSource<>() {
            @Override
            public JWKSet getJWKSet(com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator evaluator, long time,
                    SecurityContext context) {
                return document;
            }

            @Override
            public void close() {
            }
        };
        jwks = new EntraJwks("memory:keys", JWKSourceBuilder.create(source), JwksSettings.defaults());
        // The validator set both hops run, built from the settings as they build it.
        rules = EntraTokenValidators.of(new EntraTokenSettings("https://login.microsoftonline.com",
                EntraIssuers.AZURE_V1_ISSUER_BASE, TENANT, Set.of(TENANT), List.of(AUDIENCE), Set.of(TokenVersion.V2),
                Duration.ofSeconds(60), JwksSettings.defaults()));
        decoder = EntraJwtDecoders.servlet(jwks, rules);
        token = sign(Instant.now().plusSeconds(3600));
        jwt = decoder.decode(token);
        access = AccessRules.builder().allowedApplications(List.of(FRONTEND_APP_ID)).operations(List.of(
                new OperationRule(Set.of("GET"), "/backend/**", List.of("Backend.Read"), RoleMatch.ANY),
                new OperationRule(Set.of("POST", "PUT"), "/backend/**", List.of("Backend.Write"), RoleMatch.ANY)))
            .build();
        caller = EntraCaller.from(jwt);
        policy = largePolicy(caller.appId());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        jwks.close();
    }

    /** A token never seen: the cache is emptied first, so this is parse + RS256 verify + claims + rules. */
    @Benchmark
    public Jwt verifyCold() {
        jwks.verifiedTokens().remove(VerifiedTokens.keyOf(token));
        return decoder.decode(token);
    }

    /** The same token again: SHA-256 of the token, a cache hit, then every rule. */
    @Benchmark
    public Jwt verifyCached() {
        return decoder.decode(token);
    }

    /** The rules alone on a decoded token: typ, certificate binding, lifetime, issuer, audience. */
    @Benchmark
    public boolean rules() {
        return rules.validate(jwt).hasErrors();
    }

    /** The access decision on the caller parsed once: the allowlist, the operation's rule, the roles against it. */
    @Benchmark
    public boolean decide() {
        return access.decide(HttpMethod.GET, "/backend/api/greeting", caller).allowed();
    }

    /**
     * What each hop does per call with the caller policy in force: parse the caller from the validated token, check
     * it (revoked token, issued-before cut-off, application, principal) and narrow its roles (the caller's application
     * has a restriction, so the narrowed caller is built).
     */
    @Benchmark
    public EntraCaller callerPolicy() {
        EntraCaller parsed = EntraCaller.from(jwt);
        if (!policy.check(parsed, jwt.getIssuedAt(), (String) jwt.getClaims().get("uti")).allowed()) {
            throw new IllegalStateException("the benchmark's caller must be allowed");
        }
        return policy.restrict(parsed);
    }

    /** A thousand revoked applications, principals and tokens, a thousand cut-offs; a restriction for the caller's app. */
    private static CallerPolicy largePolicy(String callerApp) {
        Map<String, CallerPolicy.Revocation> applications = new HashMap<>();
        Map<String, CallerPolicy.Revocation> principals = new HashMap<>();
        Map<String, CallerPolicy.Revocation> tokens = new HashMap<>();
        Map<String, CallerPolicy.IssuedBefore> cutoffs = new HashMap<>();
        Map<String, CallerPolicy.RoleRestriction> restrictions = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            applications.put(UUID.randomUUID().toString(), new CallerPolicy.Revocation("benchmark"));
            principals.put(UUID.randomUUID().toString(), new CallerPolicy.Revocation("benchmark"));
            tokens.put("uti" + i, new CallerPolicy.Revocation("benchmark"));
            cutoffs.put(UUID.randomUUID().toString(), new CallerPolicy.IssuedBefore(Instant.now(), "benchmark"));
            restrictions.put(UUID.randomUUID().toString(), new CallerPolicy.RoleRestriction(Set.of("Backend.Read"), "benchmark"));
        }
        restrictions.put(callerApp, new CallerPolicy.RoleRestriction(Set.of("Backend.Read"), "benchmark"));
        return new CallerPolicy("benchmark", applications, principals, tokens, cutoffs, restrictions, Allowlists.NONE);
    }

    private String sign(Instant exp) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("caller")
            .claim("azp", FRONTEND_APP_ID).claim("roles", List.of("Backend.Read", "Backend.Write"))
            .claim("oid", "cded0474-c859-43a7-9f61-5efdcfc11d95").claim("uti", "AbCdEfGhIjKlMnOpQrStUv")
            .issueTime(Date.from(Instant.now())).expirationTime(Date.from(exp)).build();
        SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
            .type(JOSEObjectType.JWT).build(), claims);
        signed.sign(new RSASSASigner(key));
        return signed.serialize();
    }
}
