package io.github.apimoauth.frontend.credentials;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the frontend obtains its managed-identity token and reaches Azure. No secret belongs here: the identity is
 * chosen by its client id, and the token comes from the platform's identity endpoint at run time. The tenant and the
 * backend's app id have no default outside the {@code local} profile: a start without them fails, naming the variable.
 * The identity's client id, the vault and the SDK timeouts are the shared {@code azure.*} settings.
 *
 * @param tenantId the Entra tenant (AZURE_TENANT_ID) the credential asks for tokens in, where a credential other than
 * the managed identity (workload identity, developer tools) is used; required here, handed to
 * {@code azure.identity.tenant-id}
 * @param backendScope scope of the token for the backend API (BACKEND_SCOPE), by default {@code api://{BACKEND_APP_ID}/.default}
 */
@Validated
@ConfigurationProperties("frontend.azure")
record AzureProperties(@NotBlank(message = "is required: set AZURE_TENANT_ID") String tenantId,
        // Also refuses the "api:///.default" an unset BACKEND_APP_ID leaves behind.
        @NotNull(message = AzureProperties.SCOPE_REQUIRED)
        @Pattern(regexp = "(?![^:/]+:///)[^/\\s]\\S*", message = AzureProperties.SCOPE_REQUIRED) String backendScope) {

    static final String SCOPE_REQUIRED = "needs the backend API's app id: set BACKEND_APP_ID (or BACKEND_SCOPE)";

    /** The resource MSAL asks the identity endpoint for: the scope without "/.default". */
    String backendResource() {
        return backendScope.endsWith("/.default") ? backendScope.substring(0, backendScope.length() - "/.default".length())
                : backendScope;
    }
}
