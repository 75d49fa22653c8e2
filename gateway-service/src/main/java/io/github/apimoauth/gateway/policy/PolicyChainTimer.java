package io.github.apimoauth.gateway.policy;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code apim.policy.chain{outcome}}: how long a routed request spends in its route's policies. The policies are the
 * route's own filters, which Spring Cloud Gateway orders by list position (1, 2, …; see {@link PolicyOrderCheck}): a
 * global filter just before them starts the clock, one after them but before the forward to the backend stops it
 * ({@code allowed}). A policy that refuses stops it where the refusal is written ({@link ApimResponses}), as
 * {@code denied}. The backend's time and the writing of the answer are never in it. The histogram's buckets are a Boot
 * setting ({@code management.metrics.distribution.*.apim.policy.chain}).
 */
public final class PolicyChainTimer {

    static final String NAME = "apim.policy.chain";

    private static final String STARTED = PolicyChainTimer.class.getName() + ".started";

    /** The clock of one request, on its exchange until the policies let it through or refuse it. */
    private record Started(PolicyChainTimer timer, long nanos) {
    }

    private final Timer allowed;

    private final Timer denied;

    public PolicyChainTimer(MeterRegistry registry) {
        this.allowed = timer(registry, "allowed");
        this.denied = timer(registry, "denied");
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder(NAME).description("Time a routed request spends in its route's policies")
            .tag("outcome", outcome).register(registry);
    }

    /** Starts the clock before the route's first filter. */
    public GlobalFilter start() {
        return new Start();
    }

    /** Stops it after the route's last policy, before the forward (Spring Cloud Gateway's routing filters are 10000 on). */
    public GlobalFilter stop() {
        return new Stop();
    }

    /** A policy refused this request: its time in the policies counts as denied (nothing when it was not timed). */
    static void refused(ServerWebExchange exchange) {
        if (exchange.getAttributes().remove(STARTED) instanceof Started started) {
            started.timer().denied.record(System.nanoTime() - started.nanos(), TimeUnit.NANOSECONDS);
        }
    }

    private final class Start implements GlobalFilter, Ordered {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            exchange.getAttributes().put(STARTED, new Started(PolicyChainTimer.this, System.nanoTime()));
            return chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            return 0;
        }
    }

    private final class Stop implements GlobalFilter, Ordered {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            if (exchange.getAttributes().remove(STARTED) instanceof Started started) {
                allowed.record(System.nanoTime() - started.nanos(), TimeUnit.NANOSECONDS);
            }
            return chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            return 9_000;
        }
    }
}
