package io.github.apimoauth.frontend.credentials;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Which secret holds the APIM subscription key, and how often it is re-read. The vault itself, its trust and the
 * identity reading it are the shared {@code azure.key-vault.*} and {@code azure.identity.*} settings; the value is
 * read from Key Vault with the managed identity, cached and refreshed in the background.
 *
 * @param secretName name of the secret holding the subscription key
 * @param refreshInterval how often the key is re-read in the background, so a rotation arrives without a restart
 * @param minReloadInterval least time between two reloads forced by the gateway's "invalid subscription key"
 */
@Validated
@ConfigurationProperties("frontend.key-vault")
record KeyVaultProperties(@NotBlank String secretName, @NotNull Duration refreshInterval, @NotNull Duration minReloadInterval) {
}
