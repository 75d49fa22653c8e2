package io.github.apimoauth.frontend.gateway;

import java.net.http.HttpClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The outbound HTTP client for the gateway: JDK HttpClient, HTTP/1.1, connect and read timeouts from configuration. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class GatewayConfiguration {

    @Bean
    GatewayClient gatewayClient(GatewayProperties gateway) {
        // HTTP/1.1: without it the JDK client offers an h2c upgrade on every plain-HTTP call, extra headers that the
        // gateway has no use for.
        HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(gateway.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(gateway.readTimeout());
        RestClient rest = RestClient.builder().baseUrl(gateway.url().toString()).requestFactory(factory).build();
        return new GatewayClient(rest, gateway.greetingPath(), (int) gateway.maxResponseSize().toBytes());
    }
}
