package io.github.apimoauth.frontend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The passwordless caller: it holds no secret in its configuration, obtains a managed-identity token and a Key Vault
 * subscription key at run time, and calls the gateway with both.
 */
@SpringBootApplication
public class FrontendApplication {

    public static void main(String[] args) {
        SpringApplication.run(FrontendApplication.class, args);
    }
}
