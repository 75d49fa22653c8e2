package io.github.apimoauth.emulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Local stand-in for Entra ID, the managed-identity endpoint and Key Vault.
 * <p>
 * One process: Entra ID, the managed-identity endpoints and the admin API on the HTTP port (8090),
 * Key Vault on the HTTPS port (8443).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EmulatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(EmulatorApplication.class, args);
    }
}
