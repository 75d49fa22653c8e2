package io.github.apimoauth.frontend.greeting;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The greeting feature's settings: how much its answers' trace shows. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TraceProperties.class)
class GreetingConfiguration {
}
