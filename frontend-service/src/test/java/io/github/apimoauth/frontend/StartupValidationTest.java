package io.github.apimoauth.frontend;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Outside the {@code local} profile nothing defaults to the emulator: a start without a tenant, the backend's app id,
 * the vault or the gateway fails with a message naming the variable to set. Each start sees only the environment
 * variables the test gives it, never the machine's.
 */
class StartupValidationTest {

    /** What infra/ sets; none of it is reached, since the start is lazy and no call is made. */
    private static final Map<String, Object> AZURE = Map.of("AZURE_TENANT_ID", "28732aa9-1423-4e89-87fa-81c11b81002b",
            "BACKEND_APP_ID", "56042576-eda1-4c2e-8b7d-f27a3f3dcc13", "AZURE_KEYVAULT_URL", "https://127.0.0.1:1",
            "GATEWAY_URL", "http://127.0.0.1:1/backend");

    private static ConfigurableApplicationContext start(Map<String, Object> variables, String... profiles) {
        StandardEnvironment environment = new StandardEnvironment() {
            @Override
            public Map<String, Object> getSystemEnvironment() {
                return variables;
            }
        };
        return new SpringApplicationBuilder(FrontendApplication.class).web(WebApplicationType.SERVLET)
            .environment(environment)
            .profiles(profiles)
            .properties("server.port=0", "server.address=127.0.0.1", "spring.jmx.enabled=false", "MANAGEMENT_SERVER_PORT=0",
                    "frontend.readiness.lazy=true")
            .run();
    }

    @ParameterizedTest
    @ValueSource(strings = { "AZURE_TENANT_ID", "BACKEND_APP_ID", "AZURE_KEYVAULT_URL", "GATEWAY_URL" })
    void startWhenRequiredVariableIsMissingWithoutLocalProfileThenFailsNamingIt(String variable) {
        Map<String, Object> variables = new HashMap<>(AZURE);
        variables.remove(variable);

        assertThatThrownBy(() -> start(variables).close()).hasStackTraceContaining("set " + variable);
    }

    /** An empty BACKEND_APP_ID leaves the scope "api:///.default"; an empty URL is no URL. */
    @ParameterizedTest
    @ValueSource(strings = { "BACKEND_APP_ID", "AZURE_KEYVAULT_URL" })
    void startWhenRequiredVariableIsEmptyWithoutLocalProfileThenFailsNamingIt(String variable) {
        Map<String, Object> variables = new HashMap<>(AZURE);
        variables.put(variable, "");

        assertThatThrownBy(() -> start(variables).close()).hasStackTraceContaining("set " + variable);
    }

    @Test
    void startWhenNoVariableIsSetWithoutLocalProfileThenFails() {
        assertThatThrownBy(() -> start(Map.of()).close()).hasStackTraceContaining("set AZURE_");
    }

    @Test
    void startWhenEveryRequiredVariableIsSetWithoutLocalProfileThenStarts() {
        try (ConfigurableApplicationContext context = start(AZURE)) {
            assertThat(context.getEnvironment().getProperty("frontend.trace.detail")).isEqualTo("summary");
        }
    }

    @Test
    void startWhenNoVariableIsSetWithLocalProfileThenStartsWithEmulatorDefaults() {
        try (ConfigurableApplicationContext context = start(Map.of(), "local")) {
            assertThat(context.getEnvironment().getProperty("frontend.gateway.url")).isEqualTo("http://localhost:8081/backend");
            assertThat(context.getEnvironment().getProperty("frontend.trace.detail")).isEqualTo("full");
        }
    }
}
