package io.github.apimoauth.azure.appconfig;

import java.time.Clock;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.RetryOptions;
import com.azure.data.appconfiguration.ConfigurationAsyncClient;
import com.azure.data.appconfiguration.ConfigurationClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.azure.AzureClientProperties;
import io.github.apimoauth.azure.AzureHttpClients;
import io.github.apimoauth.azure.metrics.AzureCalls;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The caller policy of the gateway and the backend: read from App Configuration when
 * {@code azure.app-configuration.endpoint} is set, with the service's own managed identity, the {@code azure.http.*}
 * settings and, locally, the trust of a named SSL bundle; otherwise the embedded empty policy, so that each service's
 * YAML decides alone. The credential comes from {@code AzureClientConfiguration}, which each service imports for Key
 * Vault: with a store configured and no credential, start-up fails rather than run without the policy.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AppConfigurationProperties.class, CallerPolicyProperties.class })
public class CallerPolicyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CallerPolicyConfiguration.class);

    @Bean
    PolicyStore callerPolicyStore(AppConfigurationProperties store, CallerPolicyProperties policy,
            ObjectProvider<AzureClientProperties> azure, ObjectProvider<TokenCredential> credential,
            ObjectProvider<SslBundles> sslBundles, ObjectProvider<MeterRegistry> meters) {
        if (!store.configured()) {
            log.info("No App Configuration store (azure.app-configuration.endpoint): the YAML configuration is the caller policy");
            return PolicyStore.embedded();
        }
        log.info("Caller policy read from App Configuration {}: keys {}*, {}, checked every {}", store.endpoint(),
                policy.keyPrefix(), policy.label() == null ? "no label" : "label " + policy.label(), policy.refreshInterval());
        AzureClientProperties settings = azure.getIfAvailable();
        TokenCredential identity = credential.getIfAvailable();
        if (settings == null || identity == null) {
            throw new IllegalStateException("azure.app-configuration.endpoint is set but no Azure credential is configured: "
                    + "import AzureClientConfiguration, whose managed identity reads the store");
        }
        return new AppConfigurationPolicyStore(client(store, settings.http(), policy, identity, sslBundles, meters), policy);
    }

    /** The policy's age and last-known-good gauges, bound to the service's registry when it has one (actuator). */
    @Bean
    PolicyStoreMeters callerPolicyMeters(PolicyStore callerPolicyStore) {
        return new PolicyStoreMeters(callerPolicyStore, Clock.systemUTC());
    }

    /** The store's client: the shared HTTP settings, but each attempt bounded by the policy's own timeout. */
    static ConfigurationAsyncClient client(AppConfigurationProperties store, AzureClientProperties.Http http,
            CallerPolicyProperties policy, TokenCredential credential, ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<MeterRegistry> meters) {
        AzureClientProperties.Http bounded = new AzureClientProperties.Http(http.connectTimeout(), policy.timeout(), http.maxRetries(),
                http.retryDelay());
        ConfigurationClientBuilder builder = new ConfigurationClientBuilder().endpoint(store.endpoint())
            .credential(credential)
            .httpClient(AzureCalls.metered(AzureHttpClients.httpClient(bounded, store.sslBundle(), sslBundles.getIfAvailable()),
                    AzureCalls.Dependency.APP_CONFIGURATION, meters));
        RetryOptions retry = AzureHttpClients.retryOptions(http);
        if (retry != null) {
            builder.retryOptions(retry);
        }
        return builder.buildAsyncClient();
    }
}
