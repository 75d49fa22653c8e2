package io.github.apimoauth.frontend.health;

import io.github.apimoauth.frontend.credentials.BackendTokenProvider;
import io.github.apimoauth.frontend.credentials.SubscriptionKeyStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Readiness on credentials: the {@code credentials} health contributor, part of the readiness group in
 * application.yml, and in eager mode the warm-up that makes it UP.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadinessProperties.class)
class HealthConfiguration {

    @Bean
    CredentialsHealthIndicator credentialsHealthIndicator(BackendTokenProvider tokens, SubscriptionKeyStore keys,
            ReadinessProperties readiness) {
        return new CredentialsHealthIndicator(tokens, keys, readiness.lazy());
    }

    @Bean
    @ConditionalOnProperty(name = "frontend.readiness.lazy", havingValue = "false", matchIfMissing = true)
    CredentialsWarmUp credentialsWarmUp(BackendTokenProvider tokens, SubscriptionKeyStore keys,
            ReadinessProperties readiness) {
        return new CredentialsWarmUp(tokens, keys, readiness.warmUpRetryInterval());
    }
}
