package io.github.apimoauth.gateway;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Rotations in Azure picked up without a restart: a subscription key in Key Vault, a signing key in Entra. */
class RotationIntegrationTest extends GatewayIntegrationTest {

    private int status(String key, String token) {
        return client.get().uri("/backend/rotation/" + UUID.randomUUID())
            .header("Ocp-Apim-Subscription-Key", key)
            .headers(h -> h.setBearerAuth(token))
            .exchange()
            .returnResult(String.class)
            .getStatus()
            .value();
    }

    @Test
    void getWhenSubscriptionKeyRotatedInKeyVaultThenNewKeyAcceptedAndOldKeyRefused() {
        String old = primaryKey();
        String rotated = "rotated-" + UUID.randomUUID();

        emulator.setSecret("apim-subscription-key-primary", rotated);

        // Accepted at once through the early refresh, or at the latest on the next background refresh.
        await(Duration.ofSeconds(10), () -> status(rotated, ownAppToken()) == 200);
        await(Duration.ofSeconds(10), () -> status(old, ownAppToken()) == 401);
    }

    @Test
    void getWhenSigningKeyRolledOverThenTokensOfTheNewKeyAccepted() {
        emulator.rotateSigningKey();

        await(Duration.ofSeconds(10), () -> status(primaryKey(), ownAppToken()) == 200);
    }
}
