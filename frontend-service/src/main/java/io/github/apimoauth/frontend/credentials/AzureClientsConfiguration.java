package io.github.apimoauth.frontend.credentials;

import java.time.Clock;
import java.util.concurrent.Executor;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The Azure SDK clients, passwordless: one {@code DefaultAzureCredential} (managed identity in Azure) serves both
 * the backend token and Key Vault. Both run on the JDK HTTP client with explicit timeouts.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AzureProperties.class, KeyVaultProperties.class })
class AzureClientsConfiguration {

    @Bean
    TokenCredential azureCredential(AzureProperties azure) {
        // The identity endpoint is plain HTTP in Azure and other chain members use public CAs: the JDK's trust.
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().tenantId(azure.tenantId())
            .httpClient(httpClient(azure, java.net.http.HttpClient.newBuilder()))
            .retryOptions(retryOptions(azure));
        if (StringUtils.hasText(azure.clientId())) {
            builder.managedIdentityClientId(azure.clientId());
        }
        return builder.build();
    }

    /** Refreshes ahead of expiry on Boot's application task executor, never on a request thread. */
    @Bean
    BackendTokenProvider backendTokenProvider(TokenCredential azureCredential, AzureProperties azure, JsonMapper json,
            @Qualifier("applicationTaskExecutor") Executor applicationTaskExecutor) {
        return new BackendTokenProvider(azureCredential, azure.backendScope(), azure.backendResource(), new TokenClaims(json),
                applicationTaskExecutor);
    }

    @Bean
    SecretClient subscriptionKeySecretClient(TokenCredential azureCredential, AzureProperties azure,
            KeyVaultProperties vault, SslBundles sslBundles) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        if (StringUtils.hasText(vault.sslBundle())) {
            // Trust is added for a named certificate (a local vault's), never switched off.
            jdk.sslContext(sslBundles.getBundle(vault.sslBundle()).createSslContext());
        }
        SecretClientBuilder builder = new SecretClientBuilder().vaultUrl(vault.url().toString())
            .credential(azureCredential)
            .httpClient(httpClient(azure, jdk))
            .retryOptions(retryOptions(azure));
        if (vault.disableChallengeResourceVerification()) {
            builder.disableChallengeResourceVerification();
        }
        return builder.buildClient();
    }

    @Bean
    SubscriptionKeyStore subscriptionKeyStore(SecretClient subscriptionKeySecretClient, KeyVaultProperties vault) {
        return new SubscriptionKeyStore(subscriptionKeySecretClient, vault.secretName(), vault.minReloadInterval(),
                Clock.systemUTC());
    }

    @Bean
    SubscriptionKeyRefresher subscriptionKeyRefresher(SubscriptionKeyStore store, KeyVaultProperties vault) {
        return new SubscriptionKeyRefresher(store, vault.refreshInterval());
    }

    private static HttpClient httpClient(AzureProperties azure, java.net.http.HttpClient.Builder jdk) {
        return new JdkHttpClientBuilder(jdk).connectionTimeout(azure.connectTimeout())
            .responseTimeout(azure.readTimeout())
            .readTimeout(azure.readTimeout())
            .build();
    }

    private static RetryOptions retryOptions(AzureProperties azure) {
        return new RetryOptions(new FixedDelayOptions(azure.maxRetries(), azure.retryDelay()));
    }
}
