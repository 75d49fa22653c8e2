package io.github.apimoauth.frontend.credentials;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the frontend obtains its managed-identity token and reaches Azure. No secret belongs here: the identity is
 * chosen by its client id, and the token comes from the platform's identity endpoint at run time.
 *
 * @param clientId client id of the user-assigned managed identity (AZURE_CLIENT_ID); empty selects the system-assigned one
 * @param backendScope scope of the token for the backend API, {@code api://{backendAppId}/.default}
 * @param connectTimeout connect timeout of every call the Azure SDKs make (identity endpoint, Key Vault)
 * @param readTimeout how long the Azure SDKs wait for a response before giving up on an attempt
 * @param maxRetries retries azure-core adds after a transient failure; MSAL adds its own for the identity endpoint
 * @param retryDelay fixed delay between those retries
 */
@Validated
@ConfigurationProperties("frontend.azure")
record AzureProperties(String clientId, @NotBlank String backendScope, @NotNull Duration connectTimeout,
        @NotNull Duration readTimeout, @Min(0) @Max(5) int maxRetries, @NotNull Duration retryDelay) {

    /** The resource MSAL asks the identity endpoint for: the scope without "/.default". */
    String backendResource() {
        return backendScope.endsWith("/.default") ? backendScope.substring(0, backendScope.length() - "/.default".length())
                : backendScope;
    }
}
