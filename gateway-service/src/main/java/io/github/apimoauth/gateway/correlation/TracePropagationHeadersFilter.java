package io.github.apimoauth.gateway.correlation;

import io.github.apimoauth.gateway.policy.RequestIds;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Carries the trace to the backend: the forwarded request's trace context is the gateway's server span, written by
 * Micrometer's {@link Propagator} (W3C traceparent), never the caller's header passed through nor a hand-made one.
 * <p>
 * Spring Cloud Gateway's own observation would do this too, with a client span and a second observation per proxied
 * call, which its benchmark showed is not free (bench/README.md); the server span already times the hop.
 */
@Component
class TracePropagationHeadersFilter implements HttpHeadersFilter, Ordered {

    private final Propagator propagator;

    TracePropagationHeadersFilter(Propagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        Span span = RequestIds.span(exchange).orElse(null);
        if (span == null) {
            return input;
        }
        HttpHeaders forwarded = new HttpHeaders();
        forwarded.putAll(input);
        // The caller's context was read into the server span; what the backend gets is the gateway's.
        propagator.fields().forEach(forwarded::remove);
        propagator.inject(span.context(), forwarded, HttpHeaders::set);
        return forwarded;
    }

    /** After the filters that remove headers, so nothing drops the context written here. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
