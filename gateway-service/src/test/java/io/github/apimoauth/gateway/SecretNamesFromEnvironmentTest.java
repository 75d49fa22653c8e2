package io.github.apimoauth.gateway;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.apimoauth.gateway.subscription.SubscriptionProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/ may rename the Key Vault secrets, and sets the names through the environment: the shipped application.yml
 * must read every secret name from there, or the gateway would ask the vault for secrets that do not exist.
 */
class SecretNamesFromEnvironmentTest {

    private static StandardEnvironment environment(Map<String, Object> variables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        for (PropertySource<?> document : new YamlPropertySourceLoader().load("application.yml",
                new ClassPathResource("application.yml"))) {
            environment.getPropertySources().addLast(document);
        }
        return environment;
    }

    private static List<String> filters(StandardEnvironment environment) {
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String shortcut = environment.getProperty("spring.cloud.gateway.server.webflux.routes[0].filters[" + i + "]");
            if (shortcut != null) {
                filters.add(shortcut);
            }
        }
        return filters;
    }

    @Test
    void bindWhenSecretNamesSetInEnvironmentThenSubscriptionsAndBackendKeyUseThem() throws IOException {
        StandardEnvironment environment = environment(Map.of(
                "SUBSCRIPTION_KEY_PRIMARY_SECRET_NAME", "renamed-primary",
                "SUBSCRIPTION_KEY_SECONDARY_SECRET_NAME", "renamed-secondary",
                "FUNCTION_KEY_SECRET_NAME", "renamed-function-key"));

        SubscriptionProperties subscriptions = Binder.get(environment).bind("apim", SubscriptionProperties.class).get();

        assertThat(subscriptions.subscriptions()).isNotEmpty().allSatisfy((name, subscription) -> {
            assertThat(subscription.primaryKeySecret()).isEqualTo("renamed-primary");
            assertThat(subscription.secondaryKeySecret()).isEqualTo("renamed-secondary");
        });
        assertThat(filters(environment)).contains("SetBackendFunctionKey=renamed-function-key");
    }

    @Test
    void bindWhenNoSecretNamesInEnvironmentThenTheDefaultNames() throws IOException {
        StandardEnvironment environment = environment(Map.of());

        SubscriptionProperties subscriptions = Binder.get(environment).bind("apim", SubscriptionProperties.class).get();

        assertThat(subscriptions.subscriptions().get("frontend").primaryKeySecret())
            .isEqualTo("apim-subscription-key-primary");
        assertThat(subscriptions.subscriptions().get("frontend").secondaryKeySecret())
            .isEqualTo("apim-subscription-key-secondary");
        assertThat(filters(environment)).contains("SetBackendFunctionKey=backend-function-key");
    }
}
