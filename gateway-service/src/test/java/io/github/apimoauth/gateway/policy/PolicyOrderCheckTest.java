package io.github.apimoauth.gateway.policy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class PolicyOrderCheckTest {

    private static final String REQUIRED = "SubscriptionKey, ValidateAzureAdToken, RateLimitByKey, SetBackendFunctionKey";

    private static List<FilterDefinition> filters(String... shortcuts) {
        return Arrays.stream(shortcuts).map(FilterDefinition::new).toList();
    }

    @Test
    void checkWhenShippedApplicationYmlThenEveryRouteListsItsPoliciesInOrder() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml")).forEach(sources::addLast);
        GatewayProperties gateway = new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
            .bind(GatewayProperties.PREFIX, GatewayProperties.class)
            .get();

        assertThat(gateway.getRoutes()).extracting(RouteDefinition::getId).containsExactly("backend-api");
        RouteDefinition route = gateway.getRoutes().get(0);
        assertThat(PolicyOrderCheck.runOrder(gateway.getDefaultFilters(), route.getFilters())).containsExactly("SubscriptionKey",
                "ValidateAzureAdToken", "RateLimitByKey", "SetBackendFunctionKey", "StripPrefix");
        assertThatNoException().isThrownBy(() -> PolicyOrderCheck.check(route.getId(), gateway.getDefaultFilters(), route.getFilters()));
    }

    @Test
    void checkWhenRouteUsesSomePoliciesInOrderThenPasses() {
        assertThatNoException().isThrownBy(() -> PolicyOrderCheck.check("orders-api", List.of(),
                filters("ValidateAzureAdToken=28732aa9-1423-4e89-87fa-81c11b81002b", "SetBackendFunctionKey=orders-key", "StripPrefix=1")));
        assertThatNoException().isThrownBy(() -> PolicyOrderCheck.check("plain", List.of(), filters("StripPrefix=1")));
    }

    @Test
    void checkWhenRateLimitListedBeforeTokenThenFailsNamingRouteFiltersAndRequiredOrder() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> PolicyOrderCheck.check("orders-api", List.of(),
                    filters("SubscriptionKey", "RateLimitByKey=10,60s", "ValidateAzureAdToken=28732aa9-1423-4e89-87fa-81c11b81002b")))
            .withMessageContaining("Route orders-api lists its filters as [SubscriptionKey, RateLimitByKey, ValidateAzureAdToken]")
            .withMessageContaining(REQUIRED);
    }

    @Test
    void checkWhenRateLimitWithoutTokenPolicyThenFailsNamingTheMissingPolicy() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> PolicyOrderCheck.check("orders-api", List.of(), filters("SubscriptionKey", "RateLimitByKey=10,60s",
                    "StripPrefix=1")))
            .withMessage("Route orders-api uses RateLimitByKey without ValidateAzureAdToken. The rate limit counts per calling "
                    + "application, which only a validated token names: add ValidateAzureAdToken before it.");
    }

    @Test
    void checkWhenBackendKeyListedBeforeTokenThenFails() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> PolicyOrderCheck.check("orders-api", List.of(),
                    filters("SetBackendFunctionKey=orders-key", "ValidateAzureAdToken=28732aa9-1423-4e89-87fa-81c11b81002b")))
            .withMessageContaining(REQUIRED);
    }

    @Test
    void checkWhenPolicyListedAfterStripPrefixThenFailsNamingOtherFilters() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> PolicyOrderCheck.check("orders-api", List.of(), filters("StripPrefix=1", "SubscriptionKey")))
            .withMessageContaining("[StripPrefix, SubscriptionKey]")
            .withMessageContaining("before any other filter, such as StripPrefix");
    }

    @Test
    void checkWhenDefaultFilterTakesPolicyPositionThenFailsWithFiltersInRunOrder() {
        // At an equal list position Spring Cloud Gateway runs the default filter first: here before the subscription key.
        assertThatIllegalArgumentException()
            .isThrownBy(() -> PolicyOrderCheck.check("orders-api", filters("StripPrefix=1"), filters("SubscriptionKey")))
            .withMessageContaining("[StripPrefix, SubscriptionKey]");
    }
}
