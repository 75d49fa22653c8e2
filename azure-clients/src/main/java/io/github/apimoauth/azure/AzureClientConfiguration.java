package io.github.apimoauth.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;

import io.github.apimoauth.azure.metrics.AzureCalls;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.StringUtils;

/**
 * The Azure SDK clients of every service, passwordless: one {@code DefaultAzureCredential} (the managed identity in
 * Azure, from IDENTITY_ENDPOINT and IDENTITY_HEADER) and a Key Vault client using it, both on the JDK HTTP client.
 * Locally only the vault URL and the trusted certificate differ. A service imports this configuration and uses the
 * blocking or the non-blocking client; building either makes no call. With a {@link MeterRegistry} (actuator), their
 * HTTP calls are counted ({@link AzureCalls}), and with an Application Insights connection string the meters go there,
 * and the spans where no OTLP endpoint takes them ({@link AzureMonitorConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AzureClientProperties.class)
@Import(AzureMonitorConfiguration.class)
public class AzureClientConfiguration {

    @Bean
    TokenCredential azureCredential(AzureClientProperties azure, ObjectProvider<MeterRegistry> meters) {
        // The identity endpoint is plain HTTP in Azure and other chain members use public CAs: the JDK's trust.
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder()
            .httpClient(AzureCalls.metered(AzureHttpClients.httpClient(azure.http(), java.net.http.HttpClient.newBuilder()),
                    AzureCalls.Dependency.IDENTITY, meters));
        if (StringUtils.hasText(azure.identity().tenantId())) {
            builder.tenantId(azure.identity().tenantId());
        }
        if (StringUtils.hasText(azure.identity().clientId())) {
            builder.managedIdentityClientId(azure.identity().clientId());
        }
        RetryOptions retry = AzureHttpClients.retryOptions(azure.http());
        if (retry != null) {
            builder.retryOptions(retry);
        }
        return builder.build();
    }

    @Bean
    SecretClient secretClient(AzureClientProperties azure, TokenCredential azureCredential, SslBundles sslBundles,
            ObjectProvider<MeterRegistry> meters) {
        return secretClientBuilder(azure, azureCredential, sslBundles, meters).buildClient();
    }

    @Bean
    SecretAsyncClient secretAsyncClient(AzureClientProperties azure, TokenCredential azureCredential, SslBundles sslBundles,
            ObjectProvider<MeterRegistry> meters) {
        return secretClientBuilder(azure, azureCredential, sslBundles, meters).buildAsyncClient();
    }

    private static SecretClientBuilder secretClientBuilder(AzureClientProperties azure, TokenCredential credential,
            SslBundles sslBundles, ObjectProvider<MeterRegistry> meters) {
        AzureClientProperties.KeyVault vault = azure.keyVault();
        SecretClientBuilder builder = new SecretClientBuilder().vaultUrl(vault.url())
            .credential(credential)
            .httpClient(AzureCalls.metered(AzureHttpClients.httpClient(azure.http(), vault.sslBundle(), sslBundles),
                    AzureCalls.Dependency.KEY_VAULT, meters));
        RetryOptions retry = AzureHttpClients.retryOptions(azure.http());
        if (retry != null) {
            builder.retryOptions(retry);
        }
        if (vault.disableChallengeResourceVerification()) {
            builder.disableChallengeResourceVerification();
        }
        return builder;
    }
}
