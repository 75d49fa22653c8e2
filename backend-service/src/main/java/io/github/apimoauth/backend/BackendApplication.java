package io.github.apimoauth.backend;

import io.github.apimoauth.azure.AzureClientConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The protected API. It stands where the pattern's Azure Function stood behind Easy Auth: it refuses every request
 * that did not come through the gateway with a token from an allowed caller and the function key. It reads the function
 * key from Key Vault with the Azure clients every service shares (azure.identity.*, azure.key-vault.*, azure.http.*).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(AzureClientConfiguration.class)
public class BackendApplication {

    public static void main(String[] args) {
        SpringApplication.run(BackendApplication.class, args);
    }
}
