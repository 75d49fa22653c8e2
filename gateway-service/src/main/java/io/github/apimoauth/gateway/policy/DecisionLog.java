package io.github.apimoauth.gateway.policy;

import java.util.Optional;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's decision lines, on the {@code apim.decisions} logger, shaped like the backend's as key-values:
 * {@code decision=denied route=… policy=… status=… reason="…" … traceId=…}. Only refusals are written: an allowed call
 * costs no line, and counts in {@code apim.policy.decisions}.
 * <p>
 * Each line is written with the request's trace and span ids in the MDC, so it gets the {@code [traceId-spanId]}
 * prefix (and the structured formats' trace fields) that every other traced line gets. The gateway does not turn on
 * Reactor's automatic context propagation for this, which would restore the MDC around every operator of every
 * request; a refusal is rare next to that, and the ids are on the exchange ({@link RequestIds}).
 */
public final class DecisionLog {

    private static final Logger log = LoggerFactory.getLogger("apim.decisions");

    private DecisionLog() {
    }

    /**
     * A policy refused the request.
     * @param policy the policy's name, as in APIM's XML (subscription-key, validate-azure-ad-token, …)
     * @param reason the log's detail: one of the policies' fixed texts, never a claim or header value
     * @param details further key-values, already formatted ({@code policyVersion=… token=<fingerprint>}), or ""
     */
    public static void denied(ServerWebExchange exchange, String policy, int status, String reason, String details) {
        if (log.isInfoEnabled()) {
            inTrace(exchange, () -> log.info("decision=denied route={} policy={} status={} reason=\"{}\"{}{} traceId={}",
                    route(exchange), policy, status, reason, details.isEmpty() ? "" : " ", details, RequestIds.of(exchange)));
        }
    }

    /**
     * The first refusal of a kind in a while, summing up those since the previous line ({@code similarRefusals=} in
     * {@code details}): refusals anyone can send by the thousand are never one line each. At WARN.
     */
    public static void deniedInSummary(ServerWebExchange exchange, String policy, int status, String reason, String details) {
        inTrace(exchange, () -> log.warn("decision=denied route={} policy={} status={} reason=\"{}\" {} traceId={}",
                route(exchange), policy, status, reason, details, RequestIds.of(exchange)));
    }

    /**
     * A refusal that anyone can cause at no cost, or that a state change already logged once (no key, no caller
     * policy read yet): at DEBUG, so refused traffic cannot flood the log.
     */
    public static void deniedQuietly(ServerWebExchange exchange, String policy, int status, String reason) {
        if (log.isDebugEnabled()) {
            inTrace(exchange, () -> log.debug("decision=denied route={} policy={} status={} reason=\"{}\" traceId={}",
                    route(exchange), policy, status, reason, RequestIds.of(exchange)));
        }
    }

    /** The request failed in the gateway itself; {@code error} is the exception's class, never its message. */
    public static void failed(ServerWebExchange exchange, int status, String error) {
        inTrace(exchange, () -> log.warn("decision=failed route={} status={} error={} traceId={}", route(exchange), status,
                error, RequestIds.of(exchange)));
    }

    /** Writes a line with the request's trace in the MDC, as it was before afterwards. */
    private static void inTrace(ServerWebExchange exchange, Runnable line) {
        Optional<TraceContext> trace = RequestIds.span(exchange).map(Span::context);
        if (trace.isEmpty()) {
            line.run();
            return;
        }
        String traceId = MDC.get("traceId");
        String spanId = MDC.get("spanId");
        MDC.put("traceId", trace.get().traceId());
        MDC.put("spanId", trace.get().spanId());
        try {
            line.run();
        }
        finally {
            restore("traceId", traceId);
            restore("spanId", spanId);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        }
        else {
            MDC.put(key, value);
        }
    }

    private static String route(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route != null ? route.getId() : "-";
    }
}
