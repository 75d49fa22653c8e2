package io.github.apimoauth.gateway.correlation;

import io.github.apimoauth.gateway.policy.RequestIds;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Correlation on every route: accepts the caller's traceparent and x-request-id, or creates them, forwards them to the
 * backend and returns them on the response, a policy's refusal included. It runs before every policy.
 */
@Component
class CorrelationFilter implements GlobalFilter, Ordered {

    static final String TRACEPARENT = "traceparent";

    static final String REQUEST_ID = "x-request-id";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        HttpHeaders incoming = exchange.getRequest().getHeaders();
        TraceContext trace = TraceContext.from(incoming.getFirst(TRACEPARENT), incoming.getFirst(REQUEST_ID));
        exchange.getAttributes().put(RequestIds.ATTRIBUTE, trace.requestId());
        exchange.getResponse().beforeCommit(() -> {
            // Set last, so a backend's own values never replace the gateway's.
            exchange.getResponse().getHeaders().set(TRACEPARENT, trace.traceparent());
            exchange.getResponse().getHeaders().set(REQUEST_ID, trace.requestId());
            return Mono.empty();
        });
        return chain.filter(exchange.mutate()
            .request(exchange.getRequest().mutate().headers(h -> {
                h.set(TRACEPARENT, trace.traceparent());
                h.set(REQUEST_ID, trace.requestId());
            }).build())
            .build());
    }

    /** First, so every response, a refusal by the request guard or a policy included, carries the ids. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
