package io.github.apimoauth.azure.appconfig;

import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * The App Configuration store a service reads its caller policy from, with its own managed identity (the credential
 * of {@code azure.identity.*}) and the {@code azure.http.*} settings. No store set: no client is built, and each
 * service's YAML configuration is the whole policy, as before there was a store. The name follows Spring Cloud Azure's
 * {@code spring.cloud.azure.appconfiguration.stores[0].endpoint}; each service maps AZURE_APPCONFIGURATION_ENDPOINT.
 *
 * @param endpoint the store (AZURE_APPCONFIGURATION_ENDPOINT), for example https://my-store.azconfig.io; empty for no
 * store; never plain HTTP (the SDK sends its bearer token over HTTPS only)
 * @param sslBundle name of a {@code spring.ssl.bundle} whose trust material verifies the store's certificate
 * (AZURE_APPCONFIGURATION_SSL_BUNDLE); empty keeps the JDK's trust store, as in Azure
 */
@Validated
@ConfigurationProperties("azure.app-configuration")
public record AppConfigurationProperties(
        @Pattern(regexp = "(https://\\S+)?", message = "must be an https:// URL: check AZURE_APPCONFIGURATION_ENDPOINT") String endpoint,
        String sslBundle) {

    /** Whether a store is configured: only then is a client built and the policy read from it. */
    public boolean configured() {
        return StringUtils.hasText(endpoint);
    }
}
