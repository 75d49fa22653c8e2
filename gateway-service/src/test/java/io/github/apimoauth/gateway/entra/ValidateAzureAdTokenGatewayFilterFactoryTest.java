package io.github.apimoauth.gateway.entra;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.apimoauth.emulator.entra.TokenMinter;
import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.entra.OperationRule;
import io.github.apimoauth.entra.RoleMatch;
import io.github.apimoauth.entra.TokenVersion;
import io.github.apimoauth.gateway.policy.Callers;
import io.github.apimoauth.gateway.policy.ProtectedHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpMethod;

import static io.github.apimoauth.gateway.entra.TokenPolicyFixture.emulator;
import static io.github.apimoauth.gateway.entra.TokenPolicyFixture.get;
import static io.github.apimoauth.gateway.entra.TokenPolicyFixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ValidateAzureAdTokenGatewayFilterFactoryTest {

    private static final EntraProperties PROPERTIES = TokenPolicyFixture.properties(Duration.ofHours(1), Duration.ofMinutes(5),
            Duration.ofMillis(500));

    private static final TenantKeys KEYS = new TenantKeys(PROPERTIES);

    private final ValidateAzureAdTokenGatewayFilterFactory factory = new ValidateAzureAdTokenGatewayFilterFactory(PROPERTIES, KEYS,
            new ProtectedHeaders());

    private GatewayFilter filter(Consumer<ValidateAzureAdTokenConfig> customizer) {
        ValidateAzureAdTokenConfig config = TokenPolicyFixture.config();
        customizer.accept(config);
        return factory.apply(config);
    }

    private GatewayFilter filter() {
        return filter(c -> {
        });
    }

    @Test
    void filterWhenV2TokenWithReadRoleThenForwardsWithCaller() {
        TokenPolicyFixture.Result result = get(filter(), emulator.tokenFor("frontend", TokenPolicyFixture.audience()));

        assertThat(result.forwarded()).isNotNull();
        EntraCaller caller = result.forwarded().getAttribute(Callers.ATTRIBUTE);
        assertThat(caller.appId()).isEqualTo(emulator.identity("frontend").clientId());
        assertThat(result.forwarded().getRequest().getHeaders().getFirst("Authorization")).startsWith("Bearer ");
    }

    @Test
    void filterWhenV1TokenThenForwardsWithAppidAsCaller() {
        TokenPolicyFixture.Result result = get(filter(), token("frontend", 1, null, null));

        assertThat(result.forwarded()).isNotNull();
        EntraCaller caller = result.forwarded().getAttribute(Callers.ATTRIBUTE);
        assertThat(caller.appId()).isEqualTo(emulator.identity("frontend").clientId());
    }

    @Test
    void filterWhenV1TokenAndOnlyV2AcceptedThen401() {
        assertInvalid(get(filter(c -> c.setTokenVersions(List.of(TokenVersion.V2))), token("frontend", 1, null, null)));
    }

    @Test
    void filterWhenNoTokenThen401BearerChallengeAndJwtNotPresent() {
        TokenPolicyFixture.Result result = TokenPolicyFixture.run(filter(), HttpMethod.GET, Map.of());

        assertThat(result.forwarded()).isNull();
        assertThat(result.status()).isEqualTo(401);
        assertThat(result.challenge()).isEqualTo("Bearer");
        assertThat(result.body()).isEqualTo("{\"statusCode\":401,\"message\":\"JWT not present.\"}");
    }

    @Test
    void filterWhenBasicSchemeThen401JwtNotPresent() {
        TokenPolicyFixture.Result result = TokenPolicyFixture.run(filter(), HttpMethod.GET, Map.of("Authorization", "Basic Zm9vOmJhcg=="));

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.body()).contains("JWT not present.");
    }

    @Test
    void filterWhenTokenExpiredThen401InvalidToken() {
        long past = Instant.now().minusSeconds(7200).getEpochSecond();
        String expired = emulator.mint(new TokenMinter.MintRequest(null, "frontend", TokenPolicyFixture.audience(), null,
                Map.of("iat", past, "nbf", past), null, -60L, null, null));

        assertInvalid(get(filter(), expired), expired);
    }

    @Test
    void filterWhenTokenExpiredWithinClockSkewThenForwards() {
        long past = Instant.now().minusSeconds(7200).getEpochSecond();
        String expired = emulator.mint(new TokenMinter.MintRequest(null, "frontend", TokenPolicyFixture.audience(), null,
                Map.of("iat", past, "nbf", past), null, -30L, null, null));

        assertThat(get(filter(c -> c.setClockSkew(Duration.ofSeconds(120))), expired).forwarded()).isNotNull();
    }

    @Test
    void filterWhenTokenHasNoExpThen401() {
        Map<String, Object> noExp = new HashMap<>();
        noExp.put("exp", null);
        String token = token("frontend", null, noExp, null);

        assertInvalid(get(filter(), token), token);
    }

    @Test
    void filterWhenAudienceIsAnotherAppThen401() {
        String token = emulator.tokenFor("frontend", "https://vault.azure.net");

        assertInvalid(get(filter(), token), token);
    }

    @Test
    void filterWhenTokenFromForeignTenantThen401() {
        String token = emulator.tokenFor("foreign", TokenPolicyFixture.audience());

        assertInvalid(get(filter(), token), token);
    }

    @Test
    void filterWhenSignedByUntrustedKeyThen401NamingTheUnknownSigningKey() {
        String token = emulator.mint(new TokenMinter.MintRequest(null, "frontend", TokenPolicyFixture.audience(), null, null,
                null, null, null, true));

        TokenPolicyFixture.Result result = get(filter(), token);

        assertThat(result.forwarded()).isNull();
        assertThat(result.status()).isEqualTo(401);
        assertThat(result.challenge()).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(result.body()).isEqualTo("{\"statusCode\":401,\"message\":\"Invalid JWT. The token's signing key is not one "
                + "of the tenant's keys.\"}");
    }

    @Test
    void filterWhenAlgNoneThen401() throws Exception {
        String valid = emulator.tokenFor("frontend", TokenPolicyFixture.audience());
        String payload = valid.split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String unsigned = header + "." + payload + ".";

        assertInvalid(get(filter(), unsigned), unsigned);
    }

    @Test
    void filterWhenHs256SignedThen401() throws Exception {
        SignedJWT valid = SignedJWT.parse(emulator.tokenFor("frontend", TokenPolicyFixture.audience()));
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(valid.getHeader().getKeyID()).build(),
                JWTClaimsSet.parse(valid.getJWTClaimsSet().toJSONObject()));
        hmac.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));

        assertInvalid(get(filter(), hmac.serialize()), hmac.serialize());
    }

    @Test
    void filterWhenClientApplicationNotListedThen403InsufficientScope() {
        GatewayFilter filter = filter(c -> c.setClientApplicationIds(List.of(emulator.identity("backend").clientId())));

        TokenPolicyFixture.Result result = get(filter, emulator.tokenFor("frontend", TokenPolicyFixture.audience()));

        assertThat(result.forwarded()).isNull();
        assertThat(result.status()).isEqualTo(403);
        assertThat(result.challenge()).isEqualTo("Bearer error=\"insufficient_scope\"");
        assertThat(result.body()).isEqualTo("{\"statusCode\":403,\"message\":\"Client application is not allowed. Access denied.\"}");
    }

    @Test
    void filterWhenClientApplicationListedThenForwards() {
        GatewayFilter filter = filter(c -> c.setClientApplicationIds(List.of(emulator.identity("frontend").clientId())));

        assertThat(get(filter, emulator.tokenFor("frontend", TokenPolicyFixture.audience())).forwarded()).isNotNull();
    }

    @Test
    void filterWhenClientApplicationListedInOtherCaseThenForwardsAsAtTheBackend() {
        // Application ids are GUIDs: the shared allowlist compares them as the backend always did, without regard to case.
        GatewayFilter filter = filter(c -> c.setClientApplicationIds(List.of(emulator.identity("frontend").clientId().toUpperCase())));

        assertThat(get(filter, emulator.tokenFor("frontend", TokenPolicyFixture.audience())).forwarded()).isNotNull();
    }

    @Test
    void filterWhenTokenBoundToClientCertificateThen401AsAtTheBackend() {
        // cnf x5t#S256: only the holder of that certificate may use the token, and no hop terminates mutual TLS to prove it.
        String bound = token("frontend", null, Map.of("cnf", Map.of("x5t#S256", "bm90LWEtY2VydGlmaWNhdGU")), null);

        assertInvalid(get(filter(), bound), bound);
    }

    @Test
    void filterWhenAuthorizationCodeSetTo401ThenApimSingleCode() {
        GatewayFilter filter = filter(c -> {
            c.setClientApplicationIds(List.of(emulator.identity("backend").clientId()));
            c.setFailedAuthorizationHttpcode(401);
        });

        TokenPolicyFixture.Result result = get(filter, emulator.tokenFor("frontend", TokenPolicyFixture.audience()));

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.challenge()).isEqualTo("Bearer error=\"invalid_token\"");
    }

    @Test
    void filterWhenRequiredClaimMissingThen403ListingIt() {
        GatewayFilter filter = filter(c -> c.setRequiredClaims(List.of(claim("xms_cc", ValidateAzureAdTokenConfig.RequiredClaim.Match.ALL, null))));

        TokenPolicyFixture.Result result = get(filter, emulator.tokenFor("frontend", TokenPolicyFixture.audience()));

        assertThat(result.status()).isEqualTo(403);
        assertThat(result.body()).contains("JWT is missing the following claims: xms_cc. Access denied.");
    }

    @Test
    void filterWhenRequiredClaimsMatchAllThenForwardsOnlyWithEveryValue() {
        GatewayFilter filter = filter(c -> c.setRequiredClaims(List.of(claim("roles", ValidateAzureAdTokenConfig.RequiredClaim.Match.ALL,
                null, "Backend.Read", "Backend.Write"))));

        TokenPolicyFixture.Result readOnly = get(filter, emulator.tokenFor("frontend", TokenPolicyFixture.audience()));
        TokenPolicyFixture.Result both = get(filter, token("frontend", null, Map.of("roles", List.of("Backend.Read", "Backend.Write")), null));

        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.body()).contains("Claim roles value of Backend.Read is not allowed. Access denied.");
        assertThat(both.forwarded()).isNotNull();
    }

    @Test
    void filterWhenRequiredClaimMatchAnyWithSeparatorThenOneValueSuffices() {
        GatewayFilter filter = filter(c -> c.setRequiredClaims(List.of(claim("scp", ValidateAzureAdTokenConfig.RequiredClaim.Match.ANY,
                " ", "Items.Read", "Other"))));

        TokenPolicyFixture.Result ok = get(filter, token("frontend", null, Map.of("scp", "Profile Items.Read"), null));
        TokenPolicyFixture.Result refused = get(filter, token("frontend", null, Map.of("scp", "Profile Items.Write"), null));

        assertThat(ok.forwarded()).isNotNull();
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void filterWhenGetWithoutReadRoleThen403() {
        TokenPolicyFixture.Result result = get(filter(), emulator.tokenFor("intruder", TokenPolicyFixture.audience()));

        assertThat(result.status()).isEqualTo(403);
        assertThat(result.challenge()).isEqualTo("Bearer error=\"insufficient_scope\"");
        assertThat(result.body()).contains("The operation requires the role Backend.Read. Access denied.");
    }

    @Test
    void filterWhenPostWithReadRoleOnlyThen403AndWithWriteRoleThenForwards() {
        String reader = emulator.tokenFor("frontend", TokenPolicyFixture.audience());
        String writer = token("frontend", null, Map.of("roles", List.of("Backend.Write")), null);

        TokenPolicyFixture.Result refused = TokenPolicyFixture.run(filter(), HttpMethod.POST, Map.of("Authorization", "Bearer " + reader));
        TokenPolicyFixture.Result allowed = TokenPolicyFixture.run(filter(), HttpMethod.POST, Map.of("Authorization", "Bearer " + writer));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("Backend.Write");
        assertThat(allowed.forwarded()).isNotNull();
    }

    @Test
    void filterWhenNoOperationRuleMatchesThen403() {
        TokenPolicyFixture.Result result = TokenPolicyFixture.run(filter(), HttpMethod.OPTIONS,
                Map.of("Authorization", "Bearer " + emulator.tokenFor("frontend", TokenPolicyFixture.audience())));

        assertThat(result.status()).isEqualTo(403);
        assertThat(result.body()).contains("The operation is not allowed.");
    }

    @Test
    void filterWhenCustomHeaderAndCodeAndMessageThenApimAttributesApply() {
        GatewayFilter filter = filter(c -> {
            c.setHeaderName("X-Token");
            c.setFailedValidationHttpcode(400);
            c.setFailedValidationErrorMessage("Unauthorized. Access token is missing or invalid.");
        });
        String token = emulator.tokenFor("frontend", TokenPolicyFixture.audience());

        TokenPolicyFixture.Result bare = TokenPolicyFixture.run(filter, HttpMethod.GET, Map.of("X-Token", token));
        TokenPolicyFixture.Result bearer = TokenPolicyFixture.run(filter, HttpMethod.GET, Map.of("Authorization", "Bearer " + token));

        assertThat(bare.forwarded()).isNotNull();
        assertThat(bearer.status()).isEqualTo(400);
        assertThat(bearer.body()).isEqualTo("{\"statusCode\":400,\"message\":\"Unauthorized. Access token is missing or invalid.\"}");
    }

    @Test
    void applyWhenSettingsInvalidThenFailsNamingTheSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> filter(c -> c.setTenantId(null))).withMessageContaining("tenant-id");
        assertThatIllegalArgumentException().isThrownBy(() -> filter(c -> c.setTenantId("common"))).withMessageContaining("tenant-id");
        assertThatIllegalArgumentException().isThrownBy(() -> filter(c -> c.setAppId(null))).withMessageContaining("audiences");
        assertThatIllegalArgumentException().isThrownBy(() -> filter(c -> c.setFailedValidationHttpcode(500)))
            .withMessageContaining("failed-validation-httpcode");
        assertThatIllegalArgumentException().isThrownBy(() -> filter(c -> c.setRequiredClaims(List.of(claim(" ",
                ValidateAzureAdTokenConfig.RequiredClaim.Match.ALL, null))))).withMessageContaining("required-claims");
        assertThatIllegalArgumentException().isThrownBy(() -> filter(c -> c.setOperations(List.of(new OperationRule(Set.of("GET"),
                "/backend/**", List.of(), RoleMatch.ANY))))).withMessageContaining("operations");
    }

    @Test
    void applyWhenOperationsEmptyThenFailsNamingOperationsAndRequireRoles() {
        assertThatIllegalArgumentException().isThrownBy(() -> filter(c -> c.setOperations(List.of())))
            .withMessageContaining("ValidateAzureAdToken: operations must list at least one operation")
            .withMessageContaining("require-roles: false");
    }

    @Test
    void applyWhenRequireRolesFalseWithOperationsThenFailsAsContradictory() {
        assertThatIllegalArgumentException().isThrownBy(() -> filter(c -> c.setRequireRoles(false)))
            .withMessageContaining("require-roles: false contradicts the operations");
    }

    @Test
    void filterWhenRequireRolesFalseAndNoOperationsThenTokenWithoutRolesForwarded() {
        GatewayFilter filter = filter(c -> {
            c.setOperations(List.of());
            c.setRequireRoles(false);
        });

        TokenPolicyFixture.Result result = get(filter, emulator.tokenFor("intruder", TokenPolicyFixture.audience()));

        assertThat(result.forwarded()).isNotNull();
    }

    private static ValidateAzureAdTokenConfig.RequiredClaim claim(String name, ValidateAzureAdTokenConfig.RequiredClaim.Match match,
            String separator, String... values) {
        ValidateAzureAdTokenConfig.RequiredClaim claim = new ValidateAzureAdTokenConfig.RequiredClaim();
        claim.setName(name);
        claim.setMatch(match);
        claim.setSeparator(separator);
        claim.setValues(List.of(values));
        return claim;
    }

    private static void assertInvalid(TokenPolicyFixture.Result result) {
        assertThat(result.forwarded()).isNull();
        assertThat(result.status()).isEqualTo(401);
        assertThat(result.challenge()).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(result.body()).isEqualTo("{\"statusCode\":401,\"message\":\"Invalid JWT.\"}");
    }

    private static void assertInvalid(TokenPolicyFixture.Result result, String token) {
        assertInvalid(result);
        assertThat(result.body()).doesNotContain(token);
    }
}
