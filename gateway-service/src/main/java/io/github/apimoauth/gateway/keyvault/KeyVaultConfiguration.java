package io.github.apimoauth.gateway.keyvault;

import java.net.http.HttpClient;
import java.time.Clock;

import javax.net.ssl.SSLContext;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Key Vault client: DefaultAzureCredential with the gateway's managed identity, the JDK HTTP client (no Netty of
 * the SDK's own next to the gateway's), and TLS trust from a Spring SSL bundle when one is named. TLS is always
 * verified.
 */
@Configuration(proxyBeanMethods = false)
class KeyVaultConfiguration {

    @Bean
    TokenCredential azureCredential(KeyVaultProperties properties) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
        if (hasText(properties.managedIdentityClientId())) {
            builder.managedIdentityClientId(properties.managedIdentityClientId());
        }
        return builder.build();
    }

    @Bean
    SecretAsyncClient secretAsyncClient(KeyVaultProperties properties, TokenCredential credential, SslBundles sslBundles) {
        HttpClient.Builder http = HttpClient.newBuilder();
        if (hasText(properties.trustSslBundle())) {
            SSLContext trust = sslBundles.getBundle(properties.trustSslBundle()).createSslContext();
            http.sslContext(trust);
        }
        SecretClientBuilder builder = new SecretClientBuilder().vaultUrl(properties.vaultUrl())
            .credential(credential)
            .httpClient(new JdkHttpClientBuilder(http).build());
        if (properties.disableChallengeResourceVerification()) {
            builder.disableChallengeResourceVerification();
        }
        return builder.buildAsyncClient();
    }

    /** The system clock unless a Clock bean is defined: tests age values past max-staleness without waiting a day. */
    @Bean
    KeyVaultNamedValues namedValues(SecretAsyncClient client, KeyVaultProperties properties, ObjectProvider<Clock> clock) {
        return new KeyVaultNamedValues(client, properties, clock.getIfAvailable(Clock::systemUTC));
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
