package io.github.apimoauth.gateway.entra;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.github.apimoauth.emulator.admin.Faults;
import io.github.apimoauth.entra.EntraJwks;
import io.github.apimoauth.gateway.policy.ProtectedHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.GatewayFilter;

import static io.github.apimoauth.gateway.entra.TokenPolicyFixture.emulator;
import static io.github.apimoauth.gateway.entra.TokenPolicyFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signing-key behaviour a gateway needs, through the token policy and the emulator's real JWKS endpoint: rollover,
 * an outage of the keys endpoint, and a flood of unknown kids. Each test has its own key cache with the timings it
 * needs; the emulator counts the fetches.
 */
class SigningKeysTest {

    private static final String TENANT = emulator.tenantId("home");

    /** Each test's own cache; closed after it, so its background refreshes cannot count in another test. */
    private TenantKeys keys;

    @AfterEach
    void closeKeys() {
        if (keys != null) {
            keys.close();
        }
    }

    private GatewayFilter policy(EntraProperties properties) throws Exception {
        keys = new TenantKeys(properties);
        EntraJwks jwks = keys.forTenant(TENANT);
        jwks.load();
        return new ValidateAzureAdTokenGatewayFilterFactory(properties, keys, new ProtectedHeaders()).apply(TokenPolicyFixture.config());
    }

    @Test
    void filterWhenSigningKeyRotatedThenNewTokensAcceptedAfterOneRefetch() throws Exception {
        EntraProperties properties = TokenPolicyFixture.properties(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofMillis(1));
        GatewayFilter filter = policy(properties);
        String before = emulator.tokenFor("frontend", TokenPolicyFixture.audience());
        Thread.sleep(5);

        emulator.rotateSigningKey();
        emulator.resetCounters();
        String after = emulator.tokenFor("frontend", TokenPolicyFixture.audience());

        assertThat(get(filter, after).forwarded()).isNotNull();
        assertThat(get(filter, before).forwarded()).as("the retired key stays published for its grace period").isNotNull();
        assertThat(jwksFetches()).isEqualTo(1);
    }

    @Test
    void filterWhenKeysEndpointDownThenCachedKeysKeepWorking() throws Exception {
        EntraProperties properties = TokenPolicyFixture.properties(Duration.ofMillis(400), Duration.ofMillis(100), Duration.ofMillis(1),
                Duration.ofMillis(100));
        GatewayFilter filter = policy(properties);
        String token = emulator.tokenFor("frontend", TokenPolicyFixture.audience());
        try {
            emulator.fault(Faults.Target.OPENID, Faults.Mode.UNAVAILABLE, Duration.ofSeconds(30));
            // Past the cache's time to live: the keys now come from the outage-tolerant layer.
            Thread.sleep(450);

            assertThat(get(filter, token).forwarded()).isNotNull();
            assertThat(get(filter, token).forwarded()).isNotNull();
        }
        finally {
            emulator.clearFaults();
        }
    }

    @Test
    void filterWhenKeysEndpointDownAndNoKeysCachedThen401KeysUnavailable() {
        EntraProperties properties = TokenPolicyFixture.properties(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofMillis(1),
                Duration.ofMillis(500));
        String token = emulator.tokenFor("frontend", TokenPolicyFixture.audience());
        try {
            emulator.fault(Faults.Target.OPENID, Faults.Mode.UNAVAILABLE, Duration.ofSeconds(30));
            keys = new TenantKeys(properties);
            GatewayFilter filter = new ValidateAzureAdTokenGatewayFilterFactory(properties, keys, new ProtectedHeaders())
                .apply(TokenPolicyFixture.config());

            TokenPolicyFixture.Result result = get(filter, token);

            assertThat(result.forwarded()).isNull();
            assertThat(result.status()).isEqualTo(401);
            assertThat(result.challenge()).isEqualTo("Bearer error=\"invalid_token\"");
            assertThat(result.body()).isEqualTo("{\"statusCode\":401,\"message\":\"Invalid JWT. The tenant's signing keys are "
                    + "unavailable.\"}");
        }
        finally {
            emulator.clearFaults();
        }
    }

    @Test
    void filterWhenFloodOfUnknownKidsThenJwksFetchedAtMostOnce() throws Exception {
        EntraProperties properties = TokenPolicyFixture.properties(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofMinutes(5));
        GatewayFilter filter = policy(properties);
        emulator.resetCounters();

        for (int i = 0; i < 40; i++) {
            String forged = TokenPolicyFixture.token("frontend", null, null, Map.of("kid", UUID.randomUUID().toString()));
            TokenPolicyFixture.Result result = get(filter, forged);
            assertThat(result.status()).isEqualTo(401);
            assertThat(result.challenge()).isEqualTo("Bearer error=\"invalid_token\"");
            assertThat(result.body()).isEqualTo("{\"statusCode\":401,\"message\":\"Invalid JWT. The token's signing key is not "
                    + "one of the tenant's keys.\"}");
        }

        assertThat(jwksFetches()).isLessThanOrEqualTo(1);
        assertThat(get(filter, emulator.tokenFor("frontend", TokenPolicyFixture.audience())).forwarded()).isNotNull();
    }

    @SuppressWarnings("unchecked")
    private static long jwksFetches() {
        Map<String, Object> fetches = (Map<String, Object>) emulator.counters().get("jwksFetches");
        Object count = fetches.get(TENANT);
        return count == null ? 0 : ((Number) count).longValue();
    }
}
