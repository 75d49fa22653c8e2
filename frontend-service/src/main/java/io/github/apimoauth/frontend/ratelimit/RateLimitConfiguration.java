package io.github.apimoauth.frontend.ratelimit;

import tools.jackson.databind.json.JsonMapper;

import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** The per-client-address rate limit, on every request path but the health endpoints. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

    /**
     * Right after Boot's own first filters (character encoding, the HTTP server observation), so a refusal is still
     * counted in http.server.requests, and before anything that does work for the request.
     */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<ClientRateLimitFilter> clientRateLimitFilter(RateLimitProperties limit, JsonMapper json,
            ObjectProvider<PathMappedEndpoints> endpoints, ObjectProvider<Tracer> tracer) {
        // The health endpoint wherever management.endpoints.web maps it, and its groups (liveness, readiness) below it.
        String health = endpoints.getIfAvailable() == null ? null : endpoints.getIfAvailable().getPath(EndpointId.of("health"));
        PathPattern unlimited = health == null ? null : PathPatternParser.defaultInstance.parse(health + "/**");
        FilterRegistrationBean<ClientRateLimitFilter> registration = new FilterRegistrationBean<>(
                new ClientRateLimitFilter(limit, unlimited, json, tracer.getIfAvailable(() -> Tracer.NOOP)));
        registration.setOrder(ORDER);
        return registration;
    }
}
