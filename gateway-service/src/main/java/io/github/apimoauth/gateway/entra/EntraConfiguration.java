package io.github.apimoauth.gateway.entra;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The signing keys shared by every token policy. */
@Configuration(proxyBeanMethods = false)
class EntraConfiguration {

    @Bean
    TenantKeys tenantKeys(EntraProperties properties) {
        return new TenantKeys(properties);
    }
}
