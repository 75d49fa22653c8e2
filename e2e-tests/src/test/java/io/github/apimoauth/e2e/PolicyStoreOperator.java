package io.github.apimoauth.e2e;

import java.time.OffsetDateTime;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.data.appconfiguration.ConfigurationClient;
import com.azure.data.appconfiguration.ConfigurationClientBuilder;
import com.azure.data.appconfiguration.models.ConfigurationSetting;
import reactor.core.publisher.Mono;

import io.github.apimoauth.emulator.junit.AzureEmulator;

/**
 * An operator changing the caller policy as in Azure: the unmodified App Configuration SDK, signed in as the
 * emulator's {@code operator} identity (App Configuration Data Owner), one key-value per fact, then a sentinel bump.
 */
final class PolicyStoreOperator {

    private final ConfigurationClient client;

    private final String prefix;

    PolicyStoreOperator(AzureEmulator emulator) {
        // A token handed over as Container Apps' identity endpoint would hand it to the operator's tooling; the
        // test JVM's MSAL cache is left to the emulator's own harness.
        TokenCredential operator = request -> Mono.fromSupplier(() -> new AccessToken(
                emulator.tokenFor("operator", emulator.appConfigurationResource()), OffsetDateTime.now().plusMinutes(30)));
        this.client = new ConfigurationClientBuilder().endpoint(emulator.appConfigurationEndpoint())
            .credential(operator)
            .httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext())).build())
            .buildClient();
        this.prefix = emulator.policyKeyPrefix();
    }

    /** {@code az appconfig kv set --key <prefix>revoked-application:<id> --value '{"reason":...}'}, then the sentinel. */
    void revokeApplication(String clientId, String reason) {
        client.setConfigurationSetting(new ConfigurationSetting().setKey(prefix + "revoked-application:" + clientId)
            .setValue("{\"reason\":\"" + reason + "\"}").setContentType("application/json"));
        bumpSentinel();
    }

    /** {@code az appconfig kv delete --key <prefix>revoked-application:<id>}, then the sentinel. */
    void restoreApplication(String clientId) {
        client.deleteConfigurationSetting(prefix + "revoked-application:" + clientId, null);
        bumpSentinel();
    }

    private void bumpSentinel() {
        client.setConfigurationSetting(new ConfigurationSetting().setKey(prefix + "sentinel")
            .setValue("\"e2e-" + System.nanoTime() + "\"").setContentType("application/json"));
    }
}
