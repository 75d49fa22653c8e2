package io.github.apimoauth.gateway.keyvault;

import java.time.Clock;

import com.azure.security.keyvault.secrets.SecretAsyncClient;

import io.github.apimoauth.azure.AzureClientConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The named values read from Key Vault with the non-blocking client of the configuration every service shares
 * (azure.identity.*, azure.key-vault.*): DefaultAzureCredential with the gateway's managed identity, the JDK HTTP
 * client (no Netty of the SDK's own next to the gateway's), and TLS trust from a Spring SSL bundle when one is named.
 * TLS is always verified.
 */
@Configuration(proxyBeanMethods = false)
@Import(AzureClientConfiguration.class)
class KeyVaultConfiguration {

    /** The system clock unless a Clock bean is defined: tests age values past max-staleness without waiting a day. */
    @Bean
    KeyVaultNamedValues namedValues(SecretAsyncClient secretAsyncClient, KeyVaultProperties properties,
            ObjectProvider<Clock> clock) {
        return new KeyVaultNamedValues(secretAsyncClient, properties, clock.getIfAvailable(Clock::systemUTC));
    }
}
