package io.github.apimoauth.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.apimoauth.emulator.admin.Faults;
import io.github.apimoauth.emulator.vault.SecretStore;
import io.github.apimoauth.emulator.vault.VaultRoleAssignments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revoking a secret in Key Vault revokes it at the gateway by the next refresh; only a Key Vault outage keeps the last
 * value read, and only up to max-staleness. Each test changes the shared emulator and puts it back; the gateway must
 * then accept both subscription keys again and report UP before the next test.
 */
class KeyVaultRevocationIntegrationTest extends GatewayIntegrationTest {

    private static final String PRIMARY = "apim-subscription-key-primary";

    private static final String SECONDARY = "apim-subscription-key-secondary";

    private static final String FUNCTION_KEY = "backend-function-key";

    private static final String INVALID_KEY = "{\"statusCode\":401,\"message\":\"Access denied due to invalid subscription key. "
            + "Make sure to provide a valid key for an active subscription.\"}";

    private static final String BACKEND_UNAVAILABLE = "{\"statusCode\":503,\"message\":\"The backend is not available yet. Try again later.\"}";

    private static final Duration NEXT_REFRESH = Duration.ofSeconds(15);

    @Autowired
    private TestClock clock;

    private static SecretStore vault() {
        return emulator.context().getBean(SecretStore.class);
    }

    private static long epochSeconds(Duration fromNow) {
        return Instant.now().plus(fromNow).getEpochSecond();
    }

    private WebTestClient.ResponseSpec call(String path, String key) {
        return client.get().uri("/backend" + path)
            .header("Ocp-Apim-Subscription-Key", key)
            .headers(h -> h.setBearerAuth(ownAppToken()))
            .exchange();
    }

    private int status(String key) {
        return call("/revocation/" + UUID.randomUUID(), key).returnResult(String.class).getStatus().value();
    }

    private String readiness() {
        return client.get().uri("/readyz").exchange()
            .expectStatus().isOk()
            .returnResult(String.class).getResponseBody().blockFirst();
    }

    /** A refusal as APIM answers an invalid key, with nothing forwarded and no secret in the body. */
    private void assertRefusedAsInvalidKey(String key) {
        String path = "/revocation/" + UUID.randomUUID();
        EntityExchangeResult<String> refused = call(path, key).expectStatus().isUnauthorized()
            .expectHeader().doesNotExist("WWW-Authenticate")
            .expectBody(String.class).isEqualTo(INVALID_KEY)
            .returnResult();
        assertThat(refused.getResponseBody()).doesNotContain(key);
        assertThat(backend.findAll(WireMock.anyRequestedFor(WireMock.urlPathEqualTo(path)))).isEmpty();
    }

    @AfterEach
    void backToNormal() {
        emulator.clearFaults();
        clock.reset();
        await(NEXT_REFRESH, () -> status(primaryKey()) == 200 && status(secondaryKey()) == 200
                && readiness().contains("\"status\":\"UP\""));
    }

    @Test
    void getWhenSubscriptionKeyDisabledInKeyVaultThen401AfterNextRefresh() {
        String key = secondaryKey();
        assertThat(status(key)).isEqualTo(200);

        vault().update(SECONDARY, "", false, null, null, null, null);
        try {
            await(NEXT_REFRESH, () -> status(key) == 401);
            assertRefusedAsInvalidKey(key);
        }
        finally {
            vault().update(SECONDARY, "", true, null, null, null, null);
        }
    }

    /** Key Vault answers a soft-deleted secret with 404 SecretNotFound: the key is gone, not merely unreachable. */
    @Test
    void getWhenSubscriptionKeyDeletedInKeyVaultThen401AfterNextRefresh() {
        String key = secondaryKey();
        assertThat(status(key)).isEqualTo(200);

        emulator.deleteSecret(SECONDARY);
        try {
            await(NEXT_REFRESH, () -> status(key) == 401);
            assertRefusedAsInvalidKey(key);
        }
        finally {
            // Recovered with its versions, so the same key is accepted again after the next refresh.
            emulator.recoverSecret(SECONDARY);
        }
    }

    @Test
    void getWhenSubscriptionKeyExpiredInKeyVaultThen401AfterNextRefresh() {
        String key = secondaryKey();
        assertThat(status(key)).isEqualTo(200);

        vault().update(SECONDARY, "", null, null, epochSeconds(Duration.ofMinutes(-1)), null, null);
        try {
            await(NEXT_REFRESH, () -> status(key) == 401);
            assertRefusedAsInvalidKey(key);
        }
        finally {
            // An expired version stays expired: the operator rotates.
            emulator.setSecret(SECONDARY, SecretStore.randomValue());
        }
    }

    @Test
    void getWhenNewestVersionNotYetValidThenNeitherItNorThePreviousKeyIsAccepted() {
        String previous = secondaryKey();
        assertThat(status(previous)).isEqualTo(200);

        String notYetValid = vault().set(SECONDARY, SecretStore.randomValue(), null, Map.of(), true,
                epochSeconds(Duration.ofHours(1)), null).value();
        try {
            await(NEXT_REFRESH, () -> status(previous) == 401);
            assertRefusedAsInvalidKey(previous);
            assertRefusedAsInvalidKey(notYetValid);
        }
        finally {
            emulator.setSecret(SECONDARY, SecretStore.randomValue());
        }
    }

    @Test
    void getWhenGatewayLosesReadAccessToSubscriptionKeyThen401AfterNextRefresh() {
        String key = secondaryKey();
        assertThat(status(key)).isEqualTo(200);

        emulator.vaultRoles().remove("gateway", VaultRoleAssignments.SECRETS_USER, "/secrets/" + SECONDARY);
        try {
            await(NEXT_REFRESH, () -> status(key) == 401);
            assertRefusedAsInvalidKey(key);
        }
        finally {
            emulator.vaultRoles().add("gateway", VaultRoleAssignments.SECRETS_USER, "/secrets/" + SECONDARY);
        }
    }

    @Test
    void getWhenBackendFunctionKeyDisabledInKeyVaultThen503AndNothingForwarded() {
        String functionKey = emulator.secretValue(FUNCTION_KEY);
        assertThat(status(primaryKey())).isEqualTo(200);

        vault().update(FUNCTION_KEY, "", false, null, null, null, null);
        try {
            await(NEXT_REFRESH, () -> status(primaryKey()) == 503);
            String path = "/revocation/" + UUID.randomUUID();
            EntityExchangeResult<String> refused = call(path, primaryKey()).expectStatus().isEqualTo(503)
                .expectHeader().doesNotExist("WWW-Authenticate")
                .expectBody(String.class).isEqualTo(BACKEND_UNAVAILABLE)
                .returnResult();
            assertThat(refused.getResponseBody()).doesNotContain(functionKey).doesNotContain(FUNCTION_KEY);
            assertThat(backend.findAll(WireMock.anyRequestedFor(WireMock.urlPathEqualTo(path)))).isEmpty();
        }
        finally {
            vault().update(FUNCTION_KEY, "", true, null, null, null, null);
        }
    }

    @Test
    void getWhenKeyVaultAnswers503ThenLastValuesStillUsedAndReadinessDegraded() {
        emulator.fault(Faults.Target.KEY_VAULT, Faults.Mode.UNAVAILABLE, Duration.ofMinutes(2));

        await(NEXT_REFRESH, () -> readiness().contains("\"status\":\"DEGRADED\""));
        String path = "/revocation/" + UUID.randomUUID();
        call(path, primaryKey()).expectStatus().isOk();
        call("/revocation/" + UUID.randomUUID(), secondaryKey()).expectStatus().isOk();

        assertThat(backendRequest(path).getHeader("x-functions-key")).isEqualTo(emulator.secretValue(FUNCTION_KEY));
        assertThat(readiness()).doesNotContain(PRIMARY).doesNotContain(SECONDARY).doesNotContain(FUNCTION_KEY)
            .doesNotContain("components");
    }

    @Test
    void getWhenKeyVaultFailsLongerThanMaxStalenessThen401AndReadinessDegraded() {
        String key = primaryKey();
        emulator.fault(Faults.Target.KEY_VAULT, Faults.Mode.UNAVAILABLE, Duration.ofMinutes(2));
        await(NEXT_REFRESH, () -> readiness().contains("\"status\":\"DEGRADED\""));
        assertThat(status(key)).isEqualTo(200);

        // Default max-staleness: 24h since the vault last returned the value.
        clock.advance(Duration.ofHours(24).plusMinutes(1));

        assertRefusedAsInvalidKey(key);
        assertRefusedAsInvalidKey(secondaryKey());
        assertThat(readiness()).contains("\"status\":\"DEGRADED\"");
    }
}
