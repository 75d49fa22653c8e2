package io.github.apimoauth.emulator.web;

import io.github.apimoauth.emulator.config.EmulatorProperties;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * One setting, emulator.max-request-size, for both ways a body can be too large: a declared Content-Length
 * ({@link ListenerRoutingFilter} refuses it before reading) and a chunked body (the codecs stop buffering at the limit).
 */
@Configuration(proxyBeanMethods = false)
class RequestSizeConfiguration {

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    CodecCustomizer requestSizeLimit(EmulatorProperties properties) {
        int limit = (int) Math.min(Integer.MAX_VALUE, properties.getMaxRequestSize().toBytes());
        return configurer -> configurer.defaultCodecs().maxInMemorySize(limit);
    }
}
