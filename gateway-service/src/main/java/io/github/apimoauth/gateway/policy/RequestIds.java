package io.github.apimoauth.gateway.policy;

import java.util.Optional;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The trace of a request, for the policies' log lines and the forwarded traceparent. Boot's HTTP server observation
 * opens it before any filter: it continues the caller's W3C traceparent, or starts a trace. Read from the exchange,
 * not from a thread-local, so it holds on whichever event-loop thread a policy runs.
 */
public final class RequestIds {

    private RequestIds() {
    }

    /** The request's trace id; "-" when the request is not traced. */
    public static String of(ServerWebExchange exchange) {
        return span(exchange).map(span -> span.context().traceId()).orElse("-");
    }

    /** The span of Boot's http.server.requests observation of this exchange, when tracing is on. */
    public static Optional<Span> span(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
            .map(context -> context.<TracingContext>get(TracingContext.class))
            .map(TracingContext::getSpan);
    }
}
