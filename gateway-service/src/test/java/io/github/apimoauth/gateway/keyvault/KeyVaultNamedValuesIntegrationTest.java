package io.github.apimoauth.gateway.keyvault;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import com.azure.security.keyvault.secrets.SecretAsyncClient;
import io.github.apimoauth.emulator.admin.Faults;
import io.github.apimoauth.emulator.vault.VaultRoleAssignments;
import io.github.apimoauth.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named values of their own, read with the gateway's real Key Vault client from the emulator, for the answers the
 * gateway-level tests cannot produce there: a secret that is not in the vault (404) and a read that times out.
 */
class KeyVaultNamedValuesIntegrationTest extends GatewayIntegrationTest {

    private static final Duration READ = Duration.ofSeconds(30);

    @Autowired
    private SecretAsyncClient secrets;

    private KeyVaultNamedValues namedValues(Duration timeout) {
        return new KeyVaultNamedValues(secrets, new KeyVaultProperties(Duration.ofSeconds(1),
                Duration.ofSeconds(1), timeout, Duration.ofHours(24)), Clock.systemUTC());
    }

    /** The shared gateway's own reads hit the fault too: the next test class must find it UP again. */
    @AfterEach
    void backToNormal() {
        emulator.clearFaults();
        await(Duration.ofSeconds(15), () -> client.get().uri("/readyz").exchange()
            .returnResult(String.class).getResponseBody().blockFirst().contains("\"status\":\"UP\""));
    }

    @Test
    void refreshWhenSecretNotInVaultThenNothingAcceptedAndReadinessNotHeld() {
        String absent = "absent-" + UUID.randomUUID();
        // Readable by the gateway, so the vault answers 404 SecretNotFound rather than 403.
        emulator.vaultRoles().add("gateway", VaultRoleAssignments.SECRETS_USER, "/secrets/" + absent);
        try {
            KeyVaultNamedValues values = namedValues(Duration.ofSeconds(10));
            values.register(absent);
            assertThat(values.loadedOnce()).isFalse();

            values.refreshAll().block(READ);

            assertThat(values.get(absent)).isEmpty();
            assertThat(values.loadedOnce()).as("the vault answered: a missing key is refused, not waited for").isTrue();
            assertThat(values.degraded()).isFalse();
        }
        finally {
            emulator.vaultRoles().remove("gateway", VaultRoleAssignments.SECRETS_USER, "/secrets/" + absent);
        }
    }

    /**
     * A request waiting for an early refresh may give up (its own bound, or its client gone): the reads it started
     * must still complete and update the values, not be cancelled mid-exchange with it.
     */
    @Test
    void refreshEarlyWhenTheWaitingRequestGivesUpThenTheReadsStillCompleteAndUpdateTheValue() {
        String name = "early-" + UUID.randomUUID();
        emulator.setSecret(name, "first-" + UUID.randomUUID());
        emulator.vaultRoles().add("gateway", VaultRoleAssignments.SECRETS_USER, "/secrets/" + name);
        try {
            KeyVaultNamedValues values = namedValues(Duration.ofSeconds(10));
            values.register(name);
            values.refreshAll().block(READ);
            String second = "second-" + UUID.randomUUID();
            emulator.setSecret(name, second);
            emulator.fault(Faults.Target.KEY_VAULT, Faults.Mode.HANG, Duration.ofSeconds(2));

            values.refreshEarly().subscribe().dispose();

            // No background loop runs for these values: only the early refresh's reads can bring the new version.
            await(Duration.ofSeconds(15), () -> values.get(name).filter(second::equals).isPresent());
        }
        finally {
            emulator.vaultRoles().remove("gateway", VaultRoleAssignments.SECRETS_USER, "/secrets/" + name);
        }
    }

    @Test
    void refreshWhenReadTimesOutThenLastValueKeptAndDegradedUntilTheVaultAnswersAgain() {
        KeyVaultNamedValues values = namedValues(Duration.ofMillis(500));
        values.register("apim-subscription-key-primary");
        // The first read also gets the identity's token and opens the TLS connection, which a loaded machine may not
        // do within 500 ms: read again until one has answered, as the background loop would.
        await(Duration.ofSeconds(15), () -> {
            values.refreshAll().block(READ);
            return values.get("apim-subscription-key-primary").isPresent();
        });
        String key = values.get("apim-subscription-key-primary").orElseThrow();

        emulator.fault(Faults.Target.KEY_VAULT, Faults.Mode.HANG, Duration.ofSeconds(3));
        values.refreshAll().block(READ);

        assertThat(values.get("apim-subscription-key-primary")).contains(key);
        assertThat(values.degraded()).isTrue();

        emulator.clearFaults();
        values.refreshAll().block(READ);

        assertThat(values.degraded()).isFalse();
        assertThat(values.get("apim-subscription-key-primary")).contains(key);
    }
}
