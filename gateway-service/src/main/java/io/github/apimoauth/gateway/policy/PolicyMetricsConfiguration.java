package io.github.apimoauth.gateway.policy;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The policy chain's timer, as the two global filters around the route's policies. */
@Configuration(proxyBeanMethods = false)
class PolicyMetricsConfiguration {

    @Bean
    PolicyChainTimer policyChainTimer(MeterRegistry registry) {
        return new PolicyChainTimer(registry);
    }

    @Bean
    GlobalFilter policyChainStart(PolicyChainTimer timer) {
        return timer.start();
    }

    @Bean
    GlobalFilter policyChainStop(PolicyChainTimer timer) {
        return timer.stop();
    }
}
