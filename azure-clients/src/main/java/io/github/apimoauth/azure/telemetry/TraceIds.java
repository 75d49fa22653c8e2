package io.github.apimoauth.azure.telemetry;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * The trace id of the request being served, as answers, refusals and log lines quote it. Boot's HTTP server
 * observation opens the request's span before any filter of ours, continuing the caller's W3C traceparent or starting
 * a trace, so each hop quotes the id the other hops' lines carry.
 */
public final class TraceIds {

    private TraceIds() {
    }

    /** The current span's trace id; null outside a traced request. */
    public static String current(Tracer tracer) {
        Span span = tracer.currentSpan();
        return span == null ? null : span.context().traceId();
    }
}
