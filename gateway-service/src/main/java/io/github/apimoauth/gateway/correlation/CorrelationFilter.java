package io.github.apimoauth.gateway.correlation;

import io.github.apimoauth.gateway.policy.RequestIds;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Returns the request's trace id as x-request-id on every response, a policy's refusal included, so a caller that
 * sent no traceparent can still quote the id the gateway's and the backend's log lines carry. It runs before every
 * policy. The trace itself is Boot's (continued from the caller's traceparent or started); the traceparent to the
 * backend is {@link TracePropagationHeadersFilter}'s.
 */
@Component
class CorrelationFilter implements GlobalFilter, Ordered {

    static final String REQUEST_ID = "x-request-id";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String traceId = RequestIds.of(exchange);
        exchange.getResponse().beforeCommit(() -> {
            // Set last, so a backend's own value never replaces the gateway's.
            exchange.getResponse().getHeaders().set(REQUEST_ID, traceId);
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    /** First, so every response, a refusal by the request guard or a policy included, carries the id. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
