package io.github.apimoauth.emulator;

import java.time.OffsetDateTime;
import java.util.Map;

import com.azure.core.credential.AccessToken;
import com.azure.data.appconfiguration.ConfigurationClient;
import com.azure.data.appconfiguration.models.ConfigurationSetting;
import org.junit.jupiter.api.Test;

import io.github.apimoauth.emulator.junit.AzureEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's state across a restart with the same data directory, on instances of their own. */
class AppConfigurationRestartTest {

    /**
     * Tokens straight from this instance, not through MSAL: MSAL's token cache is JVM-wide and keyed by identity and
     * resource, and a token of these instances' keys would be replayed to the shared instance in the next test class.
     */
    private static ConfigurationClient operator(AzureEmulator emulator) {
        return SdkClients.configurationClient(emulator, request -> reactor.core.publisher.Mono.just(new AccessToken(
                emulator.tokenFor("operator", emulator.appConfigurationResource()), OffsetDateTime.now().plusHours(1))));
    }

    @Test
    void startWhenDataDirectoryExistsThenKeyValuesEtagsAndRevocationsSurviveRestart() throws Exception {
        // Same HTTP port after the restart, as in real use: the tokens' issuer contains the authority host.
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        AzureEmulator first = AzureEmulator.start(Map.of("server.port", port));
        ConfigurationClient before = operator(first);
        before.setConfigurationSetting("restart:setting", "prod", "kept");
        ConfigurationSetting written = before.setReadOnly("restart:setting", "prod", true);
        String version = first.revokeCaller("application", first.identity("frontend").clientId(), "before restart");
        ConfigurationSetting sentinel = before.getConfigurationSetting(first.policyKeyPrefix() + "sentinel", null);
        String dataDir = first.dataDir().toString();
        first.stop();

        try (AzureEmulator second = AzureEmulator.start(Map.of("server.port", port, "emulator.data-dir", dataDir))) {
            ConfigurationClient after = operator(second);
            ConfigurationSetting read = after.getConfigurationSetting("restart:setting", "prod");

            assertThat(read.getValue()).isEqualTo("kept");
            assertThat(read.isReadOnly()).isTrue();
            assertThat(read.getLastModified()).isEqualTo(written.getLastModified());
            assertThat(read.getETag()).isEqualTo(written.getETag());
            assertThat(second.revokedCallers()).anyMatch(r -> r.id().equals(second.identity("frontend").clientId()));
            assertThat(second.policySentinel()).contains("\"" + version + "\"");
            // The seed does not overwrite the sentinel, and an unchanged one still answers 304 to the ETag held.
            assertThat(after.getConfigurationSettingWithResponse(sentinel, null, true, com.azure.core.util.Context.NONE)
                .getStatusCode()).isEqualTo(304);
            assertThat(Long.parseLong(second.bumpPolicySentinel())).isGreaterThan(Long.parseLong(version));
        }
        finally {
            first.close(); // the data directory is the first instance's: removed with it
        }
    }
}
