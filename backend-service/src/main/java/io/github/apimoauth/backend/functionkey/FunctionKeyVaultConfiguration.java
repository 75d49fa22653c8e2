package io.github.apimoauth.backend.functionkey;

import io.github.apimoauth.azure.AzureClientConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The Key Vault client {@link FunctionKeys} reads with: the Azure clients every service shares (azure.identity.*,
 * azure.key-vault.*, azure.http.*). Imported here rather than on the application class, so that a web slice test,
 * which leaves this configuration out, builds no vault client.
 */
@Configuration(proxyBeanMethods = false)
@Import(AzureClientConfiguration.class)
class FunctionKeyVaultConfiguration {
}
