package io.github.apimoauth.gateway.subscription;

import java.util.List;

import io.github.apimoauth.azure.Fingerprint;
import io.github.apimoauth.azure.metrics.DecisionMeters;
import io.github.apimoauth.entra.RefusalReason;
import io.github.apimoauth.gateway.keyvault.NamedValues;
import io.github.apimoauth.gateway.policy.ApimResponses;
import io.github.apimoauth.gateway.policy.DecisionLog;
import io.github.apimoauth.gateway.policy.ForwardedRequests;
import io.github.apimoauth.gateway.policy.PolicyMeters;
import io.github.apimoauth.gateway.policy.ProtectedHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * APIM's subscription requirement, as a route filter: {@code SubscriptionKey} in YAML. The key comes from the header,
 * else (when allowed) the query parameter; it must belong to an active subscription scoped to this API. The key never
 * reaches the backend.
 */
@Component
class SubscriptionKeyGatewayFilterFactory extends AbstractGatewayFilterFactory<SubscriptionKeyGatewayFilterFactory.Config> {

    static final String MISSING = "Access denied due to missing subscription key. Make sure to include subscription key "
            + "when making requests to this API.";

    static final String INVALID = "Access denied due to invalid subscription key. Make sure to provide a valid key for an "
            + "active subscription.";

    private static final Logger log = LoggerFactory.getLogger(SubscriptionKeyGatewayFilterFactory.class);

    private static final String POLICY = "subscription-key";

    private final Subscriptions subscriptions;

    private final NamedValues namedValues;

    private final ProtectedHeaders protectedHeaders;

    private final PolicyMeters meters;

    SubscriptionKeyGatewayFilterFactory(SubscriptionProperties properties, NamedValues namedValues,
            ProtectedHeaders protectedHeaders, PolicyMeters meters) {
        super(Config.class);
        this.subscriptions = new Subscriptions(properties, namedValues);
        this.namedValues = namedValues;
        this.protectedHeaders = protectedHeaders;
        this.meters = meters;
    }

    @Override
    public String name() {
        return "SubscriptionKey";
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("acceptQueryParameter");
    }

    @Override
    public GatewayFilter apply(Config config) {
        config.validate();
        protectedHeaders.protect(config.getHeaderName());
        if (subscriptions.isEmpty()) {
            log.warn("SubscriptionKey on {}: no subscription is configured (apim.subscriptions), every call will be refused",
                    config.getRouteId());
        }
        DecisionMeters decisions = meters.decisions(POLICY);
        return (exchange, chain) -> {
            String key = presentedKey(exchange.getRequest(), config);
            if (key == null) {
                decisions.denied(RefusalReason.MISSING_KEY);
                return refuse(exchange, MISSING, "missing", null);
            }
            String api = api(exchange, config);
            Subscriptions.Match first = subscriptions.match(api, key);
            Mono<Subscriptions.Match> match = first.outcome() != Subscriptions.Outcome.UNKNOWN ? Mono.just(first)
                    : namedValues.refreshEarly().then(Mono.fromSupplier(() -> subscriptions.match(api, key)));
            return match.flatMap(m -> {
                if (m.outcome() == Subscriptions.Outcome.ACCEPTED) {
                    decisions.allowed();
                    return chain.filter(exchange.mutate().request(withoutKey(exchange.getRequest(), config)).build());
                }
                decisions.denied(RefusalReason.INVALID_KEY);
                return refuse(exchange, INVALID, m.outcome() == Subscriptions.Outcome.REFUSED
                        ? "subscription " + m.subscription() + " suspended or out of scope for " + api : "unknown key", key);
            });
        };
    }

    private static String presentedKey(ServerHttpRequest request, Config config) {
        String header = request.getHeaders().getFirst(config.getHeaderName());
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        if (config.isAcceptQueryParameter()) {
            String query = request.getQueryParams().getFirst(config.getQueryParameterName());
            if (query != null && !query.isBlank()) {
                return query.trim();
            }
        }
        return null;
    }

    private static String api(ServerWebExchange exchange, Config config) {
        if (config.getApi() != null && !config.getApi().isBlank()) {
            return config.getApi();
        }
        if (config.getRouteId() != null) {
            return config.getRouteId();
        }
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route != null ? route.getId() : "";
    }

    /**
     * A copy of the request without the key, in the header or the query, the parameter in any spelling and even when
     * the query is not read: the backend has no use for it.
     */
    private static ServerHttpRequest withoutKey(ServerHttpRequest request, Config config) {
        return ForwardedRequests.withoutQueryParameter(request,
                request.mutate().headers(h -> h.remove(config.getHeaderName())), config.getQueryParameterName()).build();
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, String message, String reason, String key) {
        DecisionLog.denied(exchange, POLICY, 401, reason, "key=" + Fingerprint.of(key));
        return ApimResponses.refuse(exchange, 401, message);
    }

    /** The policy's settings, bound from the route's filter args. */
    public static class Config implements HasRouteId {

        /** The API this route is, as subscriptions scope it; defaults to the route id. */
        private String api;

        /** The header carrying the key (APIM: subscriptionKeyParameterNames.header). */
        private String headerName = "Ocp-Apim-Subscription-Key";

        /** The query parameter carrying the key (APIM: subscriptionKeyParameterNames.query). */
        private String queryParameterName = "subscription-key";

        /** Whether the query parameter is read at all; the header always wins when both are present. */
        private boolean acceptQueryParameter = true;

        private String routeId;

        void validate() {
            if (headerName == null || headerName.isBlank()) {
                throw new IllegalArgumentException("SubscriptionKey: header-name must not be blank");
            }
            if (queryParameterName == null || queryParameterName.isBlank()) {
                throw new IllegalArgumentException("SubscriptionKey: query-parameter-name must not be blank");
            }
        }

        public String getApi() {
            return api;
        }

        public void setApi(String api) {
            this.api = api;
        }

        public String getHeaderName() {
            return headerName;
        }

        public void setHeaderName(String headerName) {
            this.headerName = headerName;
        }

        public String getQueryParameterName() {
            return queryParameterName;
        }

        public void setQueryParameterName(String queryParameterName) {
            this.queryParameterName = queryParameterName;
        }

        public boolean isAcceptQueryParameter() {
            return acceptQueryParameter;
        }

        public void setAcceptQueryParameter(boolean acceptQueryParameter) {
            this.acceptQueryParameter = acceptQueryParameter;
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
