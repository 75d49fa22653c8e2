package io.github.apimoauth.azure;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How every service reaches Azure, under the same names in each: the managed identity it runs as, the vault it reads,
 * and the HTTP settings of the SDK clients. No secret belongs here: only ids, URLs and the name of a trust bundle. The
 * names follow Spring Cloud Azure's ({@code spring.cloud.azure.credential.client-id},
 * {@code spring.cloud.azure.keyvault.secret.endpoint}) without its prefix; each service's application.yml fills them
 * from the environment variables set in Azure (AZURE_CLIENT_ID, AZURE_KEYVAULT_URL, ...).
 *
 * @param identity the managed identity the credential uses
 * @param keyVault the vault the service reads its secrets from
 * @param http timeouts and retries of the SDK clients; unset values keep the SDK's defaults
 * @param monitor where the service's meters go in Azure: an Application Insights resource, or nowhere
 */
@Validated
@ConfigurationProperties("azure")
public record AzureClientProperties(@Valid @DefaultValue Identity identity, @Valid @DefaultValue KeyVault keyVault,
        @Valid @DefaultValue Http http, @Valid @DefaultValue Monitor monitor) {

    static final String VAULT_URL_REQUIRED = "is required and must be an https:// URL: set AZURE_KEYVAULT_URL";

    /**
     * @param clientId client id of the user-assigned managed identity (AZURE_CLIENT_ID); empty selects the
     * system-assigned one
     * @param tenantId the Entra tenant a credential other than the managed identity (workload identity, developer tools)
     * asks for tokens in; empty leaves the choice to the SDK (AZURE_TENANT_ID)
     */
    public record Identity(String clientId, String tenantId) {
    }

    /**
     * @param url the vault (AZURE_KEYVAULT_URL), for example https://my-vault.vault.azure.net; no default outside the
     * {@code local} profile, and never plain HTTP
     * @param sslBundle name of a {@code spring.ssl.bundle} whose trust material verifies the vault's certificate
     * (AZURE_KEYVAULT_SSL_BUNDLE); empty keeps the JDK's trust store, as in Azure
     * @param disableChallengeResourceVerification accept a vault host outside the challenge resource's domain
     * (*.vault.azure.net): only for a local stand-in vault (AZURE_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION)
     */
    public record KeyVault(@NotBlank(message = VAULT_URL_REQUIRED) @Pattern(regexp = "https://\\S+",
            message = VAULT_URL_REQUIRED) String url, String sslBundle,
            @DefaultValue("false") boolean disableChallengeResourceVerification) {
    }

    /**
     * @param connectTimeout connect timeout of every call the SDK clients make (identity endpoint, Key Vault)
     * @param readTimeout how long the SDK clients wait for a response before giving up on an attempt
     * @param maxRetries retries azure-core adds after a transient failure, at a fixed delay; unset keeps the SDK's
     * exponential back-off
     * @param retryDelay the fixed delay between those retries; used with max-retries
     */
    public record Http(Duration connectTimeout, Duration readTimeout, @Min(0) @Max(5) Integer maxRetries,
            Duration retryDelay) {
    }

    /**
     * @param connectionString the Application Insights resource's connection string (APPLICATIONINSIGHTS_CONNECTION_STRING):
     * its instrumentation key and ingestion endpoint. Empty: no meter leaves the service, they stay on the management
     * port. The meters are sent with the managed identity's token, never authorised by the key alone
     * @param step how often the meters are sent; each export carries what changed during the step
     * @param sslBundle name of a {@code spring.ssl.bundle} whose trust material verifies the ingestion endpoint's
     * certificate (a local stand-in's); empty keeps the JDK's trust store, as in Azure
     * @param meters name prefixes of the meters sent; the others stay scrape-only, as each exported series is billed and
     * each meter sent costs the request path a second recording: JVM and process meters, and http.server.requests,
     * whose counts and durations Application Insights already has from the traces (AppRequests)
     */
    public record Monitor(String connectionString, @DefaultValue("60s") Duration step, String sslBundle,
            @DefaultValue({ "apim.", "backend.", "frontend.", "entra.", "caller.", "azure." })
            List<String> meters) {

        /** The connection string names the resource that receives the meters: logs show its fingerprint only. */
        @Override
        public String toString() {
            return "Monitor[connectionString=" + (connectionString == null || connectionString.isBlank() ? "(none)"
                    : Fingerprint.of(connectionString)) + ", step=" + step + ", sslBundle=" + sslBundle + ", meters=" + meters + "]";
        }
    }
}
