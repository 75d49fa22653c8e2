package io.github.apimoauth.frontend.greeting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code frontend.gateway.calls{outcome}}: each call of the gateway a greeting makes (a retry after a key reload counts
 * again), by what came back: {@code success} (2xx), {@code refused} (4xx, by the gateway or the backend),
 * {@code failed} (5xx), {@code timeout} or {@code unreachable} (no answer). Built once; a call increments one.
 */
@Component
class GatewayCallMeters {

    static final String NAME = "frontend.gateway.calls";

    private final Counter success;

    private final Counter refused;

    private final Counter failed;

    private final Counter timeout;

    private final Counter unreachable;

    GatewayCallMeters(MeterRegistry registry) {
        this.success = counter(registry, "success");
        this.refused = counter(registry, "refused");
        this.failed = counter(registry, "failed");
        this.timeout = counter(registry, "timeout");
        this.unreachable = counter(registry, "unreachable");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder(NAME).description("Calls of the gateway, by what came back").tag("outcome", outcome)
            .register(registry);
    }

    void answered(int status) {
        (status >= 500 ? failed : status >= 400 ? refused : success).increment();
    }

    void noAnswer(boolean timedOut) {
        (timedOut ? timeout : unreachable).increment();
    }
}
