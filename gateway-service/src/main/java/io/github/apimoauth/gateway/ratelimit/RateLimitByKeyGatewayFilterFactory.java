package io.github.apimoauth.gateway.ratelimit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.github.apimoauth.azure.metrics.DecisionMeters;
import io.github.apimoauth.entra.RefusalReason;
import io.github.apimoauth.gateway.policy.ApimResponses;
import io.github.apimoauth.gateway.policy.PolicyMeters;
import io.github.apimoauth.gateway.policy.DecisionLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.convert.DurationUnit;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * APIM's rate-limit-by-key with the calling application as counter key: {@code RateLimitByKey=calls,renewal-period}
 * in YAML. Unlike SCG's RequestRateLimiter, a refusal carries APIM's JSON body as well as 429 and Retry-After.
 */
@Component
class RateLimitByKeyGatewayFilterFactory extends AbstractGatewayFilterFactory<RateLimitByKeyGatewayFilterFactory.Config> {

    private static final Logger log = LoggerFactory.getLogger(RateLimitByKeyGatewayFilterFactory.class);

    private static final String POLICY = "rate-limit-by-key";

    private final CallerRateLimiter limiter;

    private final KeyResolver keyResolver;

    private final PolicyMeters meters;

    RateLimitByKeyGatewayFilterFactory(CallerRateLimiter limiter, KeyResolver keyResolver, PolicyMeters meters) {
        super(Config.class);
        this.limiter = limiter;
        this.keyResolver = keyResolver;
        this.meters = meters;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("calls", "renewalPeriod");
    }

    @Override
    public GatewayFilter apply(Config config) {
        config.validate();
        String routeId = config.getRouteId() != null ? config.getRouteId() : "rate-limit-" + System.identityHashCode(config);
        limiter.getConfig().put(routeId, new CallerRateLimiter.Limit().setCalls(config.getCalls())
            .setRenewalPeriod(config.getRenewalPeriod()));
        DecisionMeters decisions = meters.decisions(POLICY);
        return (exchange, chain) -> keyResolver.resolve(exchange)
            // Routes from configuration never get here (PolicyOrderCheck refuses them at start-up); a route built in
            // code still fails closed.
            .switchIfEmpty(Mono.defer(() -> {
                log.warn("RateLimitByKey on {}: no validated caller; ValidateAzureAdToken must come first on this route", routeId);
                return Mono.just("");
            }))
            .flatMap(key -> key.isEmpty() ? noKey(exchange, decisions)
                    : limiter.isAllowed(routeId, key).flatMap(response -> {
                        response.getHeaders().forEach((name, value) -> exchange.getResponse().getHeaders().set(name, value));
                        if (response.isAllowed()) {
                            decisions.allowed();
                            return chain.filter(exchange);
                        }
                        decisions.denied(RefusalReason.RATE_LIMITED);
                        String retryAfter = response.getHeaders().get("Retry-After");
                        DecisionLog.denied(exchange, POLICY, 429, "rate limit exceeded", "appId=" + key);
                        return ApimResponses.refuse(exchange, 429,
                                "Rate limit is exceeded. Try again in " + retryAfter + " seconds.");
                    }));
    }

    /** No validated caller to count for: the route lacks ValidateAzureAdToken before this policy. */
    private static Mono<Void> noKey(ServerWebExchange exchange, DecisionMeters decisions) {
        decisions.denied(RefusalReason.MISSING_TOKEN);
        return ApimResponses.refuse(exchange, 403, "Rate limit key is not available. Access denied.");
    }

    /** The policy's settings, bound from the route's filter args. */
    public static class Config implements HasRouteId {

        /** Calls allowed per renewal period for one calling application (APIM: calls). */
        private int calls;

        /** The window after which the calls are allowed again (APIM: renewal-period, at most 300 s); bare numbers are seconds. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration renewalPeriod = Duration.ofSeconds(60);

        private String routeId;

        void validate() {
            if (calls < 1) {
                throw new IllegalArgumentException("RateLimitByKey: calls must be at least 1; was " + calls);
            }
            CallerRateLimiter.checkRenewalPeriod(renewalPeriod);
        }

        public int getCalls() {
            return calls;
        }

        public void setCalls(int calls) {
            this.calls = calls;
        }

        public Duration getRenewalPeriod() {
            return renewalPeriod;
        }

        public void setRenewalPeriod(Duration renewalPeriod) {
            this.renewalPeriod = renewalPeriod;
        }

        @Override
        public String getRouteId() {
            return routeId;
        }

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }
    }
}
