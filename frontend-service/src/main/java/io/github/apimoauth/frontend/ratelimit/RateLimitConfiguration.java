package io.github.apimoauth.frontend.ratelimit;

import tools.jackson.databind.json.JsonMapper;

import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** The per-client-address rate limit, on every request path but the probes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

    /**
     * Right after Boot's own first filters (character encoding, the HTTP server observation), so a refusal is still
     * counted in http.server.requests, and before anything that does work for the request.
     */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /**
     * The probes on this port: Boot's liveness and readiness groups at their additional paths
     * (management.endpoint.health.probes.add-additional-paths). The actuator itself is on the management port, where
     * this filter is not registered.
     */
    static final PathPattern PROBES = PathPatternParser.defaultInstance.parse("/{probe:livez|readyz}");

    @Bean
    FilterRegistrationBean<ClientRateLimitFilter> clientRateLimitFilter(RateLimitProperties limit, JsonMapper json,
            ObjectProvider<Tracer> tracer) {
        PathPattern unlimited = PROBES;
        FilterRegistrationBean<ClientRateLimitFilter> registration = new FilterRegistrationBean<>(
                new ClientRateLimitFilter(limit, unlimited, json, tracer.getIfAvailable(() -> Tracer.NOOP)));
        registration.setOrder(ORDER);
        return registration;
    }
}
