package io.github.apimoauth.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;

/**
 * The HTTP side every Azure SDK client of the services shares, whichever service it reaches (Key Vault, App
 * Configuration): the JDK HTTP client with the {@code azure.http} timeouts, trust added from a named Spring SSL bundle
 * (a local stand-in's certificate, never switched off), and the {@code azure.http} retries.
 */
public final class AzureHttpClients {

    private AzureHttpClients() {
    }

    /**
     * The JDK HTTP client for one Azure service.
     *
     * @param sslBundle a {@code spring.ssl.bundle} whose trust material verifies the service's certificate; empty for
     *        the JDK's trust store, as in Azure
     */
    public static HttpClient httpClient(AzureClientProperties.Http http, String sslBundle, SslBundles sslBundles) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        if (StringUtils.hasText(sslBundle)) {
            if (sslBundles == null) {
                throw new IllegalStateException("The SSL bundle " + sslBundle + " is named, but no spring.ssl.bundle is configured");
            }
            jdk.sslContext(sslBundles.getBundle(sslBundle).createSslContext());
        }
        return httpClient(http, jdk);
    }

    static HttpClient httpClient(AzureClientProperties.Http http, java.net.http.HttpClient.Builder jdk) {
        JdkHttpClientBuilder builder = new JdkHttpClientBuilder(jdk);
        if (http.connectTimeout() != null) {
            builder.connectionTimeout(http.connectTimeout());
        }
        if (http.readTimeout() != null) {
            builder.responseTimeout(http.readTimeout()).readTimeout(http.readTimeout());
        }
        return builder.build();
    }

    /** A fixed delay when max-retries is set; null keeps azure-core's exponential back-off. */
    public static RetryOptions retryOptions(AzureClientProperties.Http http) {
        if (http.maxRetries() == null) {
            return null;
        }
        if (http.retryDelay() == null) {
            throw new IllegalStateException("azure.http.retry-delay is required with azure.http.max-retries");
        }
        return new RetryOptions(new FixedDelayOptions(http.maxRetries(), http.retryDelay()));
    }
}
