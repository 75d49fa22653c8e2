package io.github.apimoauth.frontend.gateway;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The outbound HTTP client for the gateway: Apache HttpClient 5 with a pool of keep-alive connections, HTTP/1.1,
 * connect and read timeouts from configuration.
 * <p>
 * A blocking client on purpose: the request thread writes and reads the socket itself. The JDK HttpClient it replaces
 * completed every response on another thread, and on a machine of fewer than three cores (a Container Apps replica)
 * CompletableFuture's default executor starts a new thread per task: one thread per call.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class GatewayConfiguration {

    /** Closed with the context, which closes the pooled connections. */
    @Bean
    CloseableHttpClient gatewayHttpClient(GatewayProperties gateway) {
        Timeout connectTimeout = Timeout.of(gateway.connectTimeout());
        Timeout readTimeout = Timeout.of(gateway.readTimeout());
        return HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(gateway.maxConnections())
                .setMaxConnPerRoute(gateway.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                    .setConnectTimeout(connectTimeout)
                    .setSocketTimeout(readTimeout)
                    // A pooled connection the gateway may have closed meanwhile is checked before reuse.
                    .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                    .build())
                .build())
            .setDefaultRequestConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(connectTimeout)
                .setResponseTimeout(readTimeout)
                .build())
            .evictIdleConnections(TimeValue.ofSeconds(30))
            // One attempt per call (see GatewayClient), no redirect, no cookie: the gateway is an API.
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            // The gateway's JSON answers are small: no Accept-Encoding, no inflating on this hop.
            .disableContentCompression()
            .build();
    }

    /**
     * Built from Boot's builder, which is observed: each call is timed (http.client.requests) under a client span, and
     * Micrometer's propagator writes that span's W3C traceparent, so the gateway and the backend continue this trace.
     */
    @Bean
    GatewayClient gatewayClient(GatewayProperties gateway, CloseableHttpClient gatewayHttpClient, RestClient.Builder builder) {
        RestClient rest = builder.requestFactory(new HttpComponentsClientHttpRequestFactory(gatewayHttpClient)).build();
        return new GatewayClient(rest, gateway.url(), gateway.greetingPath(), (int) gateway.maxResponseSize().toBytes());
    }
}
