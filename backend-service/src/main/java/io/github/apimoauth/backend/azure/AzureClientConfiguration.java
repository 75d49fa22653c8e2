package io.github.apimoauth.backend.azure;

import java.net.http.HttpClient;
import java.time.Duration;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Azure SDK clients, as in Azure: DefaultAzureCredential resolves the managed identity from the environment
 * (IDENTITY_ENDPOINT and IDENTITY_HEADER in Container Apps), and SecretClient reads Key Vault with it. Locally only
 * the vault URL and the trusted certificate differ.
 */
@Configuration(proxyBeanMethods = false)
class AzureClientConfiguration {

    @Bean
    TokenCredential azureCredential(AzureClientProperties properties) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
        if (!properties.getManagedIdentityClientId().isBlank()) {
            builder.managedIdentityClientId(properties.getManagedIdentityClientId());
        }
        return builder.build();
    }

    @Bean
    SecretClient secretClient(AzureClientProperties properties, TokenCredential credential, SslBundles sslBundles) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (!properties.getSslBundle().isBlank()) {
            http.sslContext(sslBundles.getBundle(properties.getSslBundle()).createSslContext());
        }
        SecretClientBuilder builder = new SecretClientBuilder().vaultUrl(properties.getKeyVaultUrl())
            .credential(credential)
            .httpClient(new JdkHttpClientBuilder(http).responseTimeout(Duration.ofSeconds(10)).build());
        if (properties.isDisableChallengeResourceVerification()) {
            builder.disableChallengeResourceVerification();
        }
        return builder.buildClient();
    }
}
