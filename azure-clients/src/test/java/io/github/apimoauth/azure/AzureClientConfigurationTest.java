package io.github.apimoauth.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** The same names in every service; the vault URL stays required and https, as the frontend and backend had it. */
class AzureClientConfigurationTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ValidationAutoConfiguration.class))
        .withUserConfiguration(AzureClientConfiguration.class);

    @Test
    void startWhenVaultUrlIsHttpsThenBuildsTheCredentialAndBothClientsWithTheSameNames() {
        contexts.withPropertyValues("azure.key-vault.url=https://my-vault.vault.azure.net", "azure.identity.client-id=abc",
                "azure.http.connect-timeout=2s", "azure.http.read-timeout=5s", "azure.http.max-retries=1",
                "azure.http.retry-delay=200ms")
            .run(context -> {
                assertThat(context).hasNotFailed()
                    .hasSingleBean(TokenCredential.class)
                    .hasSingleBean(SecretClient.class)
                    .hasSingleBean(SecretAsyncClient.class);
                assertThat(context.getBean(SecretClient.class).getVaultUrl()).isEqualTo("https://my-vault.vault.azure.net");
                AzureClientProperties azure = context.getBean(AzureClientProperties.class);
                assertThat(azure.identity().clientId()).isEqualTo("abc");
                assertThat(azure.keyVault().disableChallengeResourceVerification()).isFalse();
            });
    }

    @Test
    void startWhenVaultUrlIsMissingThenFailsNamingTheVariable() {
        contexts.run(context -> assertThat(context).hasFailed()
            .getFailure()
            .hasStackTraceContaining("set AZURE_KEYVAULT_URL"));
    }

    @Test
    void startWhenVaultUrlIsEmptyThenFailsNamingTheVariable() {
        contexts.withPropertyValues("azure.key-vault.url=")
            .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("set AZURE_KEYVAULT_URL"));
    }

    @Test
    void startWhenVaultUrlIsPlainHttpThenFailsNamingTheVariable() {
        contexts.withPropertyValues("azure.key-vault.url=http://vault.local")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("must be an https:// URL: set AZURE_KEYVAULT_URL"));
    }
}
