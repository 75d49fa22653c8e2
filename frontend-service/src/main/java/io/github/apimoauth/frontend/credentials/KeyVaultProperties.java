package io.github.apimoauth.frontend.credentials;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the APIM subscription key lives. Only its location is configured; the value is read from Key Vault with
 * the managed identity, cached and refreshed in the background. The vault URL has no default outside the
 * {@code local} profile.
 *
 * @param url vault URL (AZURE_KEYVAULT_URL), for example https://my-vault.vault.azure.net
 * @param secretName name of the secret holding the subscription key
 * @param refreshInterval how often the key is re-read in the background, so a rotation arrives without a restart
 * @param minReloadInterval least time between two reloads forced by the gateway's "invalid subscription key"
 * @param sslBundle name of a {@code spring.ssl.bundle} whose trust material the vault client uses; empty keeps the JDK's
 * @param disableChallengeResourceVerification accept a vault host outside *.vault.azure.net (a local stand-in); false in Azure
 */
@Validated
@ConfigurationProperties("frontend.key-vault")
record KeyVaultProperties(@NotNull(message = "is required: set AZURE_KEYVAULT_URL") URI url, @NotBlank String secretName, @NotNull Duration refreshInterval,
        @NotNull Duration minReloadInterval, String sslBundle, boolean disableChallengeResourceVerification) {
}
