package io.github.apimoauth.emulator;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Local stand-in for Entra ID, the managed-identity endpoint, Key Vault, App Configuration and Application Insights
 * ingestion.
 * <p>
 * One process: Entra ID, the managed-identity endpoints and the admin API on the HTTP port (8090), Key Vault, App
 * Configuration and Application Insights ingestion on the HTTPS port (8443).
 */
// Other modules' tests run the emulator in their JVM, with Spring Security on the classpath: its auto-configuration
// would lock the emulator's endpoints behind a generated password. Absent classes are ignored.
@SpringBootApplication(excludeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.rsocket.RSocketSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration" })
@ConfigurationPropertiesScan
public class EmulatorApplication {

    /**
     * The configuration file is azure-emulator.yml, not application.yml: other modules' tests start the emulator
     * in-process, and it must not read their application.yml, nor they its.
     */
    public static final String CONFIG_NAME = "azure-emulator";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(EmulatorApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }
}
