package io.github.apimoauth.gateway.policy;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.stereotype.Component;

/**
 * Fails start-up when a route lists its policies out of order. As in APIM, the policies run in the order the YAML
 * lists them: no policy claims a fixed order of its own, so Spring Cloud Gateway gives each filter its list position.
 * The order is checked rather than fixed silently, so the YAML always says what runs. Each policy needs the ones
 * before it: the token is judged only for a known subscription, the rate limit counts per calling application (the
 * validated token's, so a route with the rate limit needs the token policy too), and the backend key goes only on a
 * request every check has let through. The policies come
 * before Spring Cloud Gateway's own filters, so they judge the path the client sent, not the one StripPrefix makes.
 */
@Component
class PolicyOrderCheck implements SmartInitializingSingleton {

    /** The policies, by filter name, in the order a route must list those it uses. */
    static final List<String> REQUIRED_ORDER = List.of("SubscriptionKey", "ValidateAzureAdToken", "RateLimitByKey",
            "SetBackendFunctionKey");

    private final RouteDefinitionLocator routes;

    private final GatewayProperties gateway;

    PolicyOrderCheck(RouteDefinitionLocator routes, GatewayProperties gateway) {
        this.routes = routes;
        this.gateway = gateway;
    }

    @Override
    public void afterSingletonsInstantiated() {
        // Route definitions from configuration are read without I/O, as RouteConfigurationCheck relies on too.
        List<RouteDefinition> definitions = routes.getRouteDefinitions().collectList().block();
        if (definitions != null) {
            definitions.forEach(route -> check(route.getId(), gateway.getDefaultFilters(), route.getFilters()));
        }
    }

    /** Throws, naming the route, its filters as they run and the required order, unless the policies are in order. */
    static void check(String routeId, List<FilterDefinition> defaultFilters, List<FilterDefinition> routeFilters) {
        List<String> runOrder = runOrder(defaultFilters, routeFilters);
        int lastPolicy = -1;
        boolean otherFilterBefore = false;
        for (String name : runOrder) {
            int policy = REQUIRED_ORDER.indexOf(name);
            if (policy < 0) {
                otherFilterBefore = true;
            }
            else if (policy < lastPolicy || otherFilterBefore) {
                throw new IllegalArgumentException("Route " + routeId + " lists its filters as " + runOrder + ". Policies run in "
                        + "the order listed, as in APIM, so list those the route uses in this order: "
                        + String.join(", ", REQUIRED_ORDER) + "; and before any other filter, such as StripPrefix.");
            }
            else {
                lastPolicy = policy;
            }
        }
        // Without a validated token the rate limit has no caller to count for and refuses every call: a route that
        // cannot serve anyone is a configuration error, not a stream of 403s.
        if (runOrder.contains("RateLimitByKey") && !runOrder.contains("ValidateAzureAdToken")) {
            throw new IllegalArgumentException("Route " + routeId + " uses RateLimitByKey without ValidateAzureAdToken. The "
                    + "rate limit counts per calling application, which only a validated token names: add "
                    + "ValidateAzureAdToken before it.");
        }
    }

    /**
     * The filter names in the order Spring Cloud Gateway runs them: each takes its position in its own list, and at an
     * equal position a default filter (spring.cloud.gateway.server.webflux.default-filters) runs first.
     */
    static List<String> runOrder(List<FilterDefinition> defaultFilters, List<FilterDefinition> routeFilters) {
        record Positioned(int position, String name) {
        }
        return Stream.concat(
                IntStream.range(0, defaultFilters.size()).mapToObj(i -> new Positioned(i, defaultFilters.get(i).getName())),
                IntStream.range(0, routeFilters.size()).mapToObj(i -> new Positioned(i, routeFilters.get(i).getName())))
            .sorted(Comparator.comparingInt(Positioned::position))
            .map(Positioned::name)
            .toList();
    }
}
