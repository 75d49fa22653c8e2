package io.github.apimoauth.gateway.web;

import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.gateway.route.RouteDefinitionRouteLocator;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.stereotype.Component;

/**
 * Fails start-up on a bad route or policy setting. Spring Cloud Gateway builds routes on a refresh event and only logs
 * a failure there, which would leave a gateway running without its API; building them once here makes a bad setting
 * stop the start with the policy's own message. Route definitions from configuration build without I/O.
 */
@Component
class RouteConfigurationCheck implements SmartInitializingSingleton {

    private final List<RouteLocator> locators;

    RouteConfigurationCheck(List<RouteLocator> locators) {
        this.locators = locators;
    }

    @Override
    public void afterSingletonsInstantiated() {
        locators.stream()
            .filter(RouteDefinitionRouteLocator.class::isInstance)
            .forEach(locator -> locator.getRoutes().collectList().block());
    }
}
