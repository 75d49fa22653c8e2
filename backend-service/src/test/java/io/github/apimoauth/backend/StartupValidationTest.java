package io.github.apimoauth.backend;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Without the local profile nothing falls back to the emulator: a missing tenant, audience, allowlist or vault URL
 * stops the start with a message naming its environment variable. The application sees only the variables the test
 * gives it, as command-line arguments: the environment of the machine running the test cannot fill one in.
 */
class StartupValidationTest {

    private static final Map<String, String> AZURE = Map.of("AZURE_TENANT_ID", "28732aa9-1423-4e89-87fa-81c11b81002b",
            "BACKEND_APP_ID", "56042576-eda1-4c2e-8b7d-f27a3f3dcc13", "ALLOWED_TENANTS", "28732aa9-1423-4e89-87fa-81c11b81002b",
            "ALLOWED_APPLICATIONS", "b3116a01-1552-4498-9c17-e9aa271d0487", "ALLOWED_PRINCIPALS", "cded0474-c859-43a7-9f61-5efdcfc11d95",
            "AZURE_KEYVAULT_URL", "https://127.0.0.1:1");

    /** System properties only: no process environment, so no SPRING_PROFILES_ACTIVE or AZURE_* from the machine. */
    private static final class WithoutProcessEnvironment extends StandardEnvironment {

        @Override
        protected void customizePropertySources(MutablePropertySources sources) {
            sources.addLast(new PropertiesPropertySource(SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, System.getProperties()));
        }
    }

    private static void start(Map<String, String> variables) {
        Map<String, String> arguments = new LinkedHashMap<>(Map.of("server.port", "0", "server.address", "127.0.0.1",
                "management.server.port", "0", "spring.jmx.enabled", "false"));
        arguments.putAll(variables);
        String[] args = arguments.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        new SpringApplicationBuilder(BackendApplication.class).environment(new WithoutProcessEnvironment())
            .web(WebApplicationType.SERVLET)
            .run(args)
            .close();
    }

    @Test
    void startWhenNoProfileAndNoVariablesThenFailsNamingTheVariable() {
        assertThatThrownBy(() -> start(Map.of())).hasStackTraceContaining("set AZURE_TENANT_ID")
            .hasStackTraceContaining("set BACKEND_APP_ID");
    }

    @ParameterizedTest
    @ValueSource(strings = { "AZURE_TENANT_ID", "BACKEND_APP_ID", "ALLOWED_TENANTS", "ALLOWED_APPLICATIONS", "ALLOWED_PRINCIPALS",
            "AZURE_KEYVAULT_URL" })
    void startWhenOneVariableMissingThenFailsNamingIt(String variable) {
        Map<String, String> variables = new LinkedHashMap<>(AZURE);
        variables.remove(variable);

        assertThatThrownBy(() -> start(variables)).hasStackTraceContaining("set " + variable);
    }
}
