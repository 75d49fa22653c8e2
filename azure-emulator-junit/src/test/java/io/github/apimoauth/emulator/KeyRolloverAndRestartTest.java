package io.github.apimoauth.emulator;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.keys.SigningKeys;
import org.springframework.security.oauth2.jwt.JwtDecoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rollover and restarts on instances of their own, so the shared instance's keys never change under other tests. */
class KeyRolloverAndRestartTest {

    @Test
    void decodeWhenKeyRotatedThenOldTokenValidatesInGracePeriodAndNewTokenCarriesNewKid() {
        try (AzureEmulator emulator = AzureEmulator.start(Map.of())) {
            String resource = "api://" + emulator.appId("backend-api");
            String oldToken = emulator.tokenFor("frontend", resource);
            String oldKid = (String) SdkClients.header(oldToken).get("kid");

            String newKid = emulator.rotateSigningKey();
            String newToken = emulator.tokenFor("frontend", resource);

            assertThat(newKid).isNotEqualTo(oldKid);
            assertThat(SdkClients.header(newToken)).containsEntry("kid", newKid);
            assertThat(emulator.signingKeys()).extracting(SigningKeys.KeyInfo::kid, SigningKeys.KeyInfo::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(oldKid, SigningKeys.Status.RETIRED),
                        org.assertj.core.groups.Tuple.tuple(newKid, SigningKeys.Status.CURRENT));
            var decoder = JwtDecoders.fromIssuerLocation(emulator.issuer("home", 2));
            assertThat(decoder.decode(oldToken).getSubject()).isEqualTo(emulator.identity("frontend").objectId());
            assertThat(decoder.decode(newToken).getSubject()).isEqualTo(emulator.identity("frontend").objectId());

            emulator.context().getBean(SigningKeys.class).dropRetired();

            var freshDecoder = JwtDecoders.fromIssuerLocation(emulator.issuer("home", 2));
            assertThatThrownBy(() -> freshDecoder.decode(oldToken)).hasMessageContaining("no matching key");
            assertThat(freshDecoder.decode(newToken).getSubject()).isNotBlank();
        }
    }

    @Test
    void startWhenDataDirectoryExistsThenKeysSecretsAndHeadersSurviveRestart() throws Exception {
        // Same port after the restart, as in real use: the issuer contains the authority host.
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        AzureEmulator first = AzureEmulator.start(Map.of("server.port", port));
        String token = first.tokenFor("frontend", "api://" + first.appId("backend-api"));
        String key = first.secretValue("backend-function-key");
        first.setSecret("rotated-before-restart", "v2");
        String header = first.identity("gateway").identityHeader();
        String dataDir = first.dataDir().toString();
        String certificate = java.nio.file.Files.readString(first.tlsCertificate());
        first.stop();

        try (AzureEmulator second = AzureEmulator.start(Map.of("server.port", port, "emulator.data-dir", dataDir))) {
            var decoder = JwtDecoders.fromIssuerLocation(second.issuer("home", 2));
            assertThat(decoder.decode(token).getClaimAsString("azp")).isEqualTo(second.identity("frontend").clientId());
            assertThat(second.secretValue("backend-function-key")).isEqualTo(key);
            assertThat(second.secretValue("rotated-before-restart")).isEqualTo("v2");
            assertThat(second.identity("gateway").identityHeader()).isEqualTo(header);
            assertThat(java.nio.file.Files.readString(second.tlsCertificate())).isEqualTo(certificate);
        }
        finally {
            first.close(); // the data directory is the first instance's: removed with it
        }
    }

    /**
     * A deletion made to revoke a key survives a restart: the seed must not re-create the secret under a new value, and
     * a deletion interrupted between its two file writes (the name in both files) completes rather than reverts.
     */
    @Test
    void startWhenSecretsWereSoftDeletedThenTheyStayDeletedAndRecoverWithTheirOldValues() throws Exception {
        AzureEmulator first = AzureEmulator.start(Map.of());
        String key = first.secretValue("apim-subscription-key-secondary");
        first.deleteSecret("apim-subscription-key-secondary");
        first.setSecret("interrupted-delete", "interrupted-value");
        first.deleteSecret("interrupted-delete");
        java.nio.file.Path deletedFile = first.dataDir().resolve("vault-deleted-secrets.json");
        String bothDeleted = java.nio.file.Files.readString(deletedFile);
        first.recoverSecret("interrupted-delete");
        String dataDir = first.dataDir().toString();
        first.stop();
        // As if the emulator had died after writing the deleted file and before rewriting the active one.
        java.nio.file.Files.writeString(deletedFile, bothDeleted);

        try (AzureEmulator second = AzureEmulator.start(Map.of("emulator.data-dir", dataDir))) {
            assertThatThrownBy(() -> second.secretValue("apim-subscription-key-secondary")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> second.secretValue("interrupted-delete")).isInstanceOf(IllegalArgumentException.class);

            second.recoverSecret("apim-subscription-key-secondary");
            second.recoverSecret("interrupted-delete");

            assertThat(second.secretValue("apim-subscription-key-secondary")).isEqualTo(key);
            assertThat(second.secretValue("interrupted-delete")).isEqualTo("interrupted-value");
        }
        finally {
            first.close(); // the data directory is the first instance's: removed with it
        }
    }
}
