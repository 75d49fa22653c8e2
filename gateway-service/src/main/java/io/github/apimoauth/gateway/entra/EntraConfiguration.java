package io.github.apimoauth.gateway.entra;

import io.github.apimoauth.azure.appconfig.CallerPolicyConfiguration;
import io.github.apimoauth.azure.metrics.JwksMeters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What every token policy shares: the signing keys, and the caller policy (from App Configuration when
 * azure.app-configuration.endpoint is set, else the embedded empty one).
 */
@Configuration(proxyBeanMethods = false)
@Import(CallerPolicyConfiguration.class)
class EntraConfiguration {

    @Bean
    TenantKeys tenantKeys(EntraProperties properties) {
        return new TenantKeys(properties);
    }

    /** The signing keys' age, last-known-good state and fetches, over every tenant's keys. */
    @Bean
    JwksMeters jwksMeters(TenantKeys tenantKeys) {
        return new JwksMeters(tenantKeys::all);
    }
}
