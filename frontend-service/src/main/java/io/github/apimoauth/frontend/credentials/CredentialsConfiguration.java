package io.github.apimoauth.frontend.credentials;

import java.time.Clock;
import java.util.concurrent.Executor;

import com.azure.core.credential.TokenCredential;
import com.azure.security.keyvault.secrets.SecretClient;
import tools.jackson.databind.json.JsonMapper;

import io.github.apimoauth.azure.AzureClientConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The frontend's two credentials: the backend token and the subscription key. The Azure SDK clients they use come
 * from the configuration every service shares (azure.identity.*, azure.key-vault.*, azure.http.*): one
 * {@code DefaultAzureCredential} (managed identity in Azure) serves both the backend token and Key Vault.
 */
@Configuration(proxyBeanMethods = false)
@Import(AzureClientConfiguration.class)
@EnableConfigurationProperties({ AzureProperties.class, KeyVaultProperties.class })
class CredentialsConfiguration {

    /** Refreshes ahead of expiry on Boot's application task executor, never on a request thread. */
    @Bean
    BackendTokenProvider backendTokenProvider(TokenCredential azureCredential, AzureProperties azure, JsonMapper json,
            @Qualifier("applicationTaskExecutor") Executor applicationTaskExecutor, ObjectProvider<MeterRegistry> meters) {
        return new BackendTokenProvider(azureCredential, azure.backendScope(), azure.backendResource(), new TokenClaims(json),
                applicationTaskExecutor, credentialMeters(meters, "backend_token"));
    }

    @Bean
    SubscriptionKeyStore subscriptionKeyStore(SecretClient secretClient, KeyVaultProperties vault,
            ObjectProvider<MeterRegistry> meters) {
        return new SubscriptionKeyStore(secretClient, vault.secretName(), vault.minReloadInterval(), Clock.systemUTC(),
                credentialMeters(meters, "subscription_key"));
    }

    /** The credential's lookup counters in the service's registry; none in a test context without one. */
    private static CredentialMeters credentialMeters(ObjectProvider<MeterRegistry> meters, String credential) {
        MeterRegistry registry = meters.getIfAvailable();
        return registry == null ? CredentialMeters.none(credential) : new CredentialMeters(registry, credential);
    }

    @Bean
    SubscriptionKeyRefresher subscriptionKeyRefresher(SubscriptionKeyStore store, KeyVaultProperties vault) {
        return new SubscriptionKeyRefresher(store, vault.refreshInterval());
    }
}
