package io.github.apimoauth.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad setting stops the start with a message naming it, rather than leaving a gateway without its API. */
class StartupValidationTest {

    private static SpringApplicationBuilder gateway(String... properties) {
        return new SpringApplicationBuilder(GatewayApplication.class).web(WebApplicationType.REACTIVE)
            .properties("server.port=0", "server.address=127.0.0.1", "spring.jmx.enabled=false", "MANAGEMENT_SERVER_PORT=0",
                    "AZURE_KEYVAULT_URL=https://127.0.0.1:1", "ENTRA_AUTHORITY_HOST=http://127.0.0.1:1",
                    "BACKEND_APP_ID=56042576-eda1-4c2e-8b7d-f27a3f3dcc13")
            .properties(properties);
    }

    @Test
    void startWhenTenantIdMissingThenFailsNamingTenantId() {
        assertThatThrownBy(() -> gateway("AZURE_TENANT_ID=").run().close())
            .hasStackTraceContaining("ValidateAzureAdToken: tenant-id is required");
    }

    @Test
    void startWhenRenewalPeriodLongerThan300sThenFailsNamingRenewalPeriod() {
        assertThatThrownBy(() -> gateway("AZURE_TENANT_ID=28732aa9-1423-4e89-87fa-81c11b81002b",
                "APIM_RATE_LIMIT_RENEWAL_PERIOD=301s").run().close())
            .hasStackTraceContaining("RateLimitByKey: renewal-period must be at most 300 s");
    }

    @Test
    void startWhenTokenPolicyHasNoOperationsThenFailsNamingOperationsAndRequireRoles() {
        // Command-line arguments, so that this route list replaces the one in application.yml.
        String route = "--spring.cloud.gateway.server.webflux.routes[0].";
        assertThatThrownBy(() -> gateway("AZURE_TENANT_ID=28732aa9-1423-4e89-87fa-81c11b81002b").run(route + "id=orders-api",
                route + "uri=http://127.0.0.1:1", route + "predicates[0]=Path=/orders/**",
                route + "filters[0].name=ValidateAzureAdToken",
                route + "filters[0].args.tenant-id=28732aa9-1423-4e89-87fa-81c11b81002b",
                route + "filters[0].args.app-id=56042576-eda1-4c2e-8b7d-f27a3f3dcc13").close())
            .hasStackTraceContaining("ValidateAzureAdToken: operations must list at least one operation")
            .hasStackTraceContaining("require-roles: false");
    }

    @Test
    void startWhenPoliciesListedOutOfOrderThenFailsNamingRequiredOrder() {
        // The token policy listed before the subscription key: APIM would run it first; this gateway used to reorder it
        // silently. Now the YAML order is the order that runs, and an order that breaks a dependency stops the start.
        String route = "--spring.cloud.gateway.server.webflux.routes[0].";
        assertThatThrownBy(() -> gateway("AZURE_TENANT_ID=28732aa9-1423-4e89-87fa-81c11b81002b").run(route + "id=orders-api",
                route + "uri=http://127.0.0.1:1", route + "predicates[0]=Path=/orders/**",
                route + "filters[0].name=ValidateAzureAdToken",
                route + "filters[0].args.tenant-id=28732aa9-1423-4e89-87fa-81c11b81002b",
                route + "filters[0].args.app-id=56042576-eda1-4c2e-8b7d-f27a3f3dcc13",
                route + "filters[0].args.require-roles=false",
                route + "filters[1]=SubscriptionKey",
                route + "filters[2]=StripPrefix=1").close())
            .hasStackTraceContaining("Route orders-api lists its filters as [ValidateAzureAdToken, SubscriptionKey, StripPrefix]")
            .hasStackTraceContaining("SubscriptionKey, ValidateAzureAdToken, RateLimitByKey, SetBackendFunctionKey");
    }

    @Test
    void startWhenKeyVaultUrlNotHttpsThenFailsNamingVaultUrl() {
        assertThatThrownBy(() -> gateway("AZURE_TENANT_ID=28732aa9-1423-4e89-87fa-81c11b81002b",
                "AZURE_KEYVAULT_URL=http://vault.local").run().close())
            .hasStackTraceContaining("must be an https:// URL: set AZURE_KEYVAULT_URL");
    }

    @Test
    void startWhenMaxStalenessNotLongerThanRefreshIntervalPlusTimeoutThenFailsNamingMaxStaleness() {
        // 60s refresh + 10s timeout: a value could age out between two healthy refreshes.
        assertThatThrownBy(() -> gateway("AZURE_TENANT_ID=28732aa9-1423-4e89-87fa-81c11b81002b",
                "AZURE_KEYVAULT_MAX_STALENESS=60s").run().close())
            .hasStackTraceContaining("apim.key-vault.max-staleness must be longer than refresh-interval plus timeout");
    }
}
