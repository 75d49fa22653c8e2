package io.github.apimoauth.azure.appconfig;

import org.junit.jupiter.api.Test;

import io.github.apimoauth.azure.AzureClientConfiguration;
import io.github.apimoauth.entra.policy.CallerPolicy;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** One bean either way: the embedded policy without an endpoint, the App Configuration store with one. */
class CallerPolicyConfigurationTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ValidationAutoConfiguration.class))
        .withUserConfiguration(CallerPolicyConfiguration.class);

    @Test
    void startWhenNoEndpointThenTheEmbeddedPolicyIsInForceAndNoCredentialIsNeeded() {
        contexts.withPropertyValues("azure.app-configuration.endpoint=").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(PolicyStore.class);
            PolicyStore store = context.getBean(PolicyStore.class);
            assertThat(store.current()).contains(CallerPolicy.EMPTY);
            assertThat(store.status().loaded()).isTrue();
            assertThat(store.status().degraded()).isFalse();
            assertThat(store.status().details()).containsEntry("source", "embedded").containsEntry("state", "current")
                .containsEntry("policyVersion", "embedded");
        });
    }

    @Test
    void startWhenEndpointSetThenTheStoreIsReadWithTheSharedCredentialAndNothingIsInForceBeforeItsFirstRead() {
        // Port 9 on loopback refuses at once: the first read fails in the background, and nothing is in force.
        contexts.withUserConfiguration(AzureClientConfiguration.class)
            .withPropertyValues("azure.key-vault.url=https://my-vault.vault.azure.net",
                    "azure.app-configuration.endpoint=https://127.0.0.1:9", "apim.policy.label=prod",
                    "apim.policy.refresh-interval=1h")
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(PolicyStore.class);
                assertThat(context.getBean(PolicyStore.class)).isInstanceOf(AppConfigurationPolicyStore.class);
                assertThat(context.getBean(PolicyStore.class).current()).isEmpty();
                assertThat(context.getBean(PolicyStore.class).status().loaded()).isFalse();
                assertThat(context.getBean(CallerPolicyProperties.class).label()).isEqualTo("prod");
            });
    }

    @Test
    void startWhenEndpointSetWithoutTheSharedCredentialThenFailsRatherThanRunWithoutThePolicy() {
        contexts.withPropertyValues("azure.app-configuration.endpoint=https://my-store.azconfig.io")
            .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("no Azure credential is configured"));
    }

    @Test
    void startWhenEndpointIsPlainHttpThenFailsNamingTheVariable() {
        contexts.withPropertyValues("azure.app-configuration.endpoint=http://my-store.azconfig.io")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("check AZURE_APPCONFIGURATION_ENDPOINT"));
    }

    @Test
    void startWhenLabelOrPrefixHoldsAFilterCharacterThenFails() {
        contexts.withPropertyValues("apim.policy.label=prod,dev")
            .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("apim.policy.label"));
        contexts.withPropertyValues("apim.policy.key-prefix=apim-oauth:*")
            .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("apim.policy.key-prefix"));
    }

    @Test
    void startWhenDefaultsThenPrefixIsApimOauthPolicyNullLabelAndFiveSeconds() {
        contexts.withPropertyValues("apim.policy.label=").run(context -> {
            CallerPolicyProperties policy = context.getBean(CallerPolicyProperties.class);
            assertThat(policy.keyPrefix()).isEqualTo("apim-oauth:policy:");
            assertThat(policy.label()).isNull();
            assertThat(policy.refreshInterval()).hasSeconds(5);
        });
    }

    @Test
    void startWhenRefreshIntervalIsZeroThenFails() {
        contexts.withPropertyValues("apim.policy.refresh-interval=0s")
            .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("refresh-interval must be positive"));
    }
}
