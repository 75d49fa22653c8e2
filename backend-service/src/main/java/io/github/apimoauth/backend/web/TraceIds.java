package io.github.apimoauth.backend.web;

import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The trace id of the request being served, for answers, refusals and decision lines. Boot's HTTP server observation
 * opens the request's span before security runs, continuing the caller's W3C traceparent or starting a trace, so a
 * refusal carries the same id as the frontend's and the gateway's log lines.
 */
@Component
public class TraceIds {

    private final Tracer tracer;

    /** Without a tracer (slice tests), every id is "none". */
    TraceIds(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
    }

    /** The current trace id; "none" outside a traced request. */
    public String current() {
        String traceId = io.github.apimoauth.azure.telemetry.TraceIds.current(tracer);
        return traceId == null ? "none" : traceId;
    }
}
