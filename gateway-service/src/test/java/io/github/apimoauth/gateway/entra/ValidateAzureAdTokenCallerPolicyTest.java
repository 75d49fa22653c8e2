package io.github.apimoauth.gateway.entra;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jwt.SignedJWT;
import io.github.apimoauth.azure.appconfig.PolicyStatus;
import io.github.apimoauth.azure.appconfig.PolicyStore;
import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.entra.policy.CallerPolicy;
import io.github.apimoauth.entra.policy.CallerPolicyDocument;
import io.github.apimoauth.entra.policy.MalformedPolicyException;
import io.github.apimoauth.gateway.policy.Callers;
import io.github.apimoauth.gateway.policy.ProtectedHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpMethod;

import static io.github.apimoauth.gateway.entra.TokenPolicyFixture.audience;
import static io.github.apimoauth.gateway.entra.TokenPolicyFixture.emulator;
import static io.github.apimoauth.gateway.entra.TokenPolicyFixture.get;
import static io.github.apimoauth.gateway.entra.TokenPolicyFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

/** ValidateAzureAdToken with a fixed caller policy, as the store would hand it over: real tokens from the emulator. */
class ValidateAzureAdTokenCallerPolicyTest {

    private static final String PREFIX = "apim-oauth:policy:";

    private static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";

    private static final String INSUFFICIENT_SCOPE = "Bearer error=\"insufficient_scope\"";

    private static final EntraProperties PROPERTIES = TokenPolicyFixture.properties(Duration.ofHours(1), Duration.ofMinutes(5),
            Duration.ofMillis(500));

    private static final TenantKeys KEYS = new TenantKeys(PROPERTIES);

    /** The store as the filter sees it: the policy in force, swapped by the test; null for none read yet. */
    private static final class SwappedPolicy implements PolicyStore {

        private volatile CallerPolicy policy;

        @Override
        public Optional<CallerPolicy> current() {
            return Optional.ofNullable(policy);
        }

        @Override
        public PolicyStatus status() {
            throw new UnsupportedOperationException("readiness only");
        }
    }

    private final SwappedPolicy store = new SwappedPolicy();

    private final ValidateAzureAdTokenGatewayFilterFactory factory = new ValidateAzureAdTokenGatewayFilterFactory(PROPERTIES, KEYS,
            new ProtectedHeaders(), store);

    private final String frontend = emulator.identity("frontend").clientId();

    private static CallerPolicy policy(String version, Map<String, String> keys) {
        Map<String, String> document = new HashMap<>();
        keys.forEach((key, value) -> document.put(PREFIX + key, value));
        document.put(PREFIX + "sentinel", "\"" + version + "\"");
        try {
            return CallerPolicyDocument.parse(document, PREFIX);
        }
        catch (MalformedPolicyException ex) {
            throw new AssertionError(ex);
        }
    }

    private GatewayFilter filter() {
        return factory.apply(TokenPolicyFixture.config());
    }

    private static String uti(String token) throws ParseException {
        return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("uti");
    }

    private static void assertRefused(TokenPolicyFixture.Result result, int status, String challenge, String message) {
        assertThat(result.forwarded()).isNull();
        assertThat(result.status()).isEqualTo(status);
        assertThat(result.challenge()).isEqualTo(challenge);
        assertThat(result.body()).isEqualTo("{\"statusCode\":" + status + ",\"message\":\"" + message + "\"}");
    }

    @Test
    void filterWhenTokenRevokedByUtiThen401InvalidTokenNamingItAndOtherTokensForwarded() throws Exception {
        String revoked = emulator.tokenFor("frontend", audience());
        String other = emulator.tokenFor("frontend", audience());
        store.policy = policy("7", Map.of("revoked-token:" + uti(revoked), "{\"reason\":\"stolen\"}"));

        assertRefused(get(filter(), revoked), 401, INVALID_TOKEN, "Token " + uti(revoked) + " has been revoked. Access denied.");
        assertThat(get(filter(), other).forwarded()).isNotNull();
    }

    @Test
    void filterWhenTokenIssuedBeforeTheApplicationsCutOffThen401AndLaterTokenForwarded() {
        long past = Instant.now().minusSeconds(600).getEpochSecond();
        String old = token("frontend", null, Map.of("iat", past, "nbf", past), null);
        Instant cutOff = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        store.policy = policy("8", Map.of("tokens-issued-before:" + frontend, "{\"before\":\"" + cutOff + "\"}"));

        assertRefused(get(filter(), old), 401, INVALID_TOKEN, "Tokens of client application " + frontend + " issued before "
                + cutOff + " have been revoked. Access denied.");
        assertThat(get(filter(), emulator.tokenFor("frontend", audience())).forwarded()).isNotNull();
    }

    @Test
    void filterWhenApplicationRevokedThen403NamingIt() {
        store.policy = policy("9", Map.of("revoked-application:" + frontend.toUpperCase(), "{}"));

        assertRefused(get(filter(), emulator.tokenFor("frontend", audience())), 403, INSUFFICIENT_SCOPE,
                "Client application " + frontend + " has been revoked. Access denied.");
    }

    @Test
    void filterWhenApplicationRevokedAndAuthorizationCodeIs401ThenApimSingleCodeWithInvalidToken() {
        store.policy = policy("9", Map.of("revoked-application:" + frontend, "{}"));
        ValidateAzureAdTokenConfig config = TokenPolicyFixture.config();
        config.setFailedAuthorizationHttpcode(401);

        assertRefused(get(factory.apply(config), emulator.tokenFor("frontend", audience())), 401, INVALID_TOKEN,
                "Client application " + frontend + " has been revoked. Access denied.");
    }

    @Test
    void filterWhenPrincipalRevokedThen403NamingIt() {
        String principal = emulator.identity("frontend").objectId();
        store.policy = policy("10", Map.of("revoked-principal:" + principal, "{\"reason\":\"compromised\"}"));

        assertRefused(get(filter(), emulator.tokenFor("frontend", audience())), 403, INSUFFICIENT_SCOPE,
                "Principal " + principal + " has been revoked. Access denied.");
    }

    @Test
    void filterWhenRolesRestrictedThenGetForwardedAndPostRefusedAlthoughTheTokenHasBackendWrite() {
        String both = token("frontend", null, Map.of("roles", List.of("Backend.Read", "Backend.Write")), null);
        store.policy = policy("11", Map.of("role-restriction:" + frontend, "{\"roles\":[\"Backend.Read\"]}"));

        TokenPolicyFixture.Result read = get(filter(), both);
        TokenPolicyFixture.Result write = TokenPolicyFixture.run(filter(), HttpMethod.POST, Map.of("Authorization", "Bearer " + both));

        assertThat(read.forwarded()).isNotNull();
        EntraCaller caller = read.forwarded().getAttribute(Callers.ATTRIBUTE);
        assertThat(caller.roles()).containsExactly("Backend.Read");
        assertRefused(write, 403, INSUFFICIENT_SCOPE, "The operation requires the role Backend.Write. Access denied.");
    }

    @Test
    void filterWhenPolicyListsClientApplicationIdsThenTheyReplaceTheRoutesOwn() {
        ValidateAzureAdTokenConfig config = TokenPolicyFixture.config();
        config.setClientApplicationIds(List.of(emulator.identity("backend").clientId()));
        GatewayFilter routeListsOnlyBackend = factory.apply(config);
        store.policy = policy("12", Map.of("gateway:client-application-ids", "[\"" + frontend + "\"]"));

        assertThat(get(routeListsOnlyBackend, emulator.tokenFor("frontend", audience())).forwarded()).isNotNull();

        store.policy = policy("13", Map.of("gateway:client-application-ids", "[\"" + emulator.identity("backend").clientId() + "\"]"));

        assertRefused(get(filter(), emulator.tokenFor("frontend", audience())), 403, INSUFFICIENT_SCOPE,
                "Client application is not allowed. Access denied.");
    }

    @Test
    void filterWhenPolicySwappedThenTheNextCallIsDecidedByTheNewOne() {
        GatewayFilter filter = filter();
        store.policy = policy("1", Map.of());
        assertThat(get(filter, emulator.tokenFor("frontend", audience())).forwarded()).isNotNull();

        store.policy = policy("2", Map.of("revoked-application:" + frontend, "{}"));
        assertRefused(get(filter, emulator.tokenFor("frontend", audience())), 403, INSUFFICIENT_SCOPE,
                "Client application " + frontend + " has been revoked. Access denied.");

        store.policy = policy("3", Map.of());
        assertThat(get(filter, emulator.tokenFor("frontend", audience())).forwarded()).isNotNull();
    }

    @Test
    void filterWhenNoPolicyReadYetThen503AndNeverForwarded() {
        store.policy = null;

        TokenPolicyFixture.Result result = get(filter(), emulator.tokenFor("frontend", audience()));

        assertRefused(result, 503, null, "The caller policy is not available yet. Try again later.");
    }

    @Test
    void filterWhenTokenInvalidThen401BeforeThePolicyIsAsked() {
        store.policy = null;
        String foreign = emulator.tokenFor("foreign", audience());

        assertRefused(get(filter(), foreign), 401, INVALID_TOKEN, "Invalid JWT.");
    }

    @Test
    void filterWhenEmbeddedPolicyThenTheRouteDecidesAlone() {
        GatewayFilter filter = new ValidateAzureAdTokenGatewayFilterFactory(PROPERTIES, KEYS, new ProtectedHeaders(),
                PolicyStore.embedded()).apply(TokenPolicyFixture.config());

        assertThat(get(filter, emulator.tokenFor("frontend", audience())).forwarded()).isNotNull();
        assertRefused(get(filter, emulator.tokenFor("intruder", audience())), 403, INSUFFICIENT_SCOPE,
                "The operation requires the role Backend.Read. Access denied.");
    }

}
