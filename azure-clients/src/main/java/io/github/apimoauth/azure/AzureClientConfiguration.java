package io.github.apimoauth.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The Azure SDK clients of every service, passwordless: one {@code DefaultAzureCredential} (the managed identity in
 * Azure, from IDENTITY_ENDPOINT and IDENTITY_HEADER) and a Key Vault client using it, both on the JDK HTTP client.
 * Locally only the vault URL and the trusted certificate differ. A service imports this configuration and uses the
 * blocking or the non-blocking client; building either makes no call.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AzureClientProperties.class)
public class AzureClientConfiguration {

    @Bean
    TokenCredential azureCredential(AzureClientProperties azure) {
        // The identity endpoint is plain HTTP in Azure and other chain members use public CAs: the JDK's trust.
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder()
            .httpClient(httpClient(azure.http(), java.net.http.HttpClient.newBuilder()));
        if (StringUtils.hasText(azure.identity().tenantId())) {
            builder.tenantId(azure.identity().tenantId());
        }
        if (StringUtils.hasText(azure.identity().clientId())) {
            builder.managedIdentityClientId(azure.identity().clientId());
        }
        RetryOptions retry = retryOptions(azure.http());
        if (retry != null) {
            builder.retryOptions(retry);
        }
        return builder.build();
    }

    @Bean
    SecretClient secretClient(AzureClientProperties azure, TokenCredential azureCredential, SslBundles sslBundles) {
        return secretClientBuilder(azure, azureCredential, sslBundles).buildClient();
    }

    @Bean
    SecretAsyncClient secretAsyncClient(AzureClientProperties azure, TokenCredential azureCredential, SslBundles sslBundles) {
        return secretClientBuilder(azure, azureCredential, sslBundles).buildAsyncClient();
    }

    private static SecretClientBuilder secretClientBuilder(AzureClientProperties azure, TokenCredential credential,
            SslBundles sslBundles) {
        AzureClientProperties.KeyVault vault = azure.keyVault();
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        if (StringUtils.hasText(vault.sslBundle())) {
            // Trust is added for a named certificate (a local vault's), never switched off.
            jdk.sslContext(sslBundles.getBundle(vault.sslBundle()).createSslContext());
        }
        SecretClientBuilder builder = new SecretClientBuilder().vaultUrl(vault.url())
            .credential(credential)
            .httpClient(httpClient(azure.http(), jdk));
        RetryOptions retry = retryOptions(azure.http());
        if (retry != null) {
            builder.retryOptions(retry);
        }
        if (vault.disableChallengeResourceVerification()) {
            builder.disableChallengeResourceVerification();
        }
        return builder;
    }

    private static HttpClient httpClient(AzureClientProperties.Http http, java.net.http.HttpClient.Builder jdk) {
        JdkHttpClientBuilder builder = new JdkHttpClientBuilder(jdk);
        if (http.connectTimeout() != null) {
            builder.connectionTimeout(http.connectTimeout());
        }
        if (http.readTimeout() != null) {
            builder.responseTimeout(http.readTimeout()).readTimeout(http.readTimeout());
        }
        return builder.build();
    }

    /** A fixed delay when max-retries is set; null keeps azure-core's exponential back-off. */
    private static RetryOptions retryOptions(AzureClientProperties.Http http) {
        if (http.maxRetries() == null) {
            return null;
        }
        if (http.retryDelay() == null) {
            throw new IllegalStateException("azure.http.retry-delay is required with azure.http.max-retries");
        }
        return new RetryOptions(new FixedDelayOptions(http.maxRetries(), http.retryDelay()));
    }
}
