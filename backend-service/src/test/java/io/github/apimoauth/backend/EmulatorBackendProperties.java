package io.github.apimoauth.backend;

import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.ManagedIdentityEnvironment;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The backend as Container Apps would configure it against the emulator, for the integration tests: its managed
 * identity, the home tenant and the backend API, Easy Auth's allowlists (the frontend only) and the vault with its
 * trust. The Entra authority is each test's own (the emulator, or an address where nothing listens).
 */
final class EmulatorBackendProperties {

    private EmulatorBackendProperties() {
    }

    static void register(DynamicPropertyRegistry registry, AzureEmulator emulator) {
        ManagedIdentityEnvironment.applyAppService(emulator, "backend");
        registry.add("management.server.address", () -> "127.0.0.1");
        registry.add("backend.auth.tenant-id", () -> emulator.tenantId("home"));
        registry.add("backend.auth.app-id", () -> emulator.appId("backend-api"));
        registry.add("backend.auth.allowed-tenants", () -> emulator.tenantId("home"));
        registry.add("backend.auth.allowed-applications", () -> emulator.identity("frontend").clientId());
        registry.add("backend.auth.allowed-principals", () -> emulator.identity("frontend").objectId());
        registry.add("azure.identity.client-id", () -> emulator.identity("backend").clientId());
        registry.add("azure.key-vault.url", emulator::vaultUrl);
        registry.add("spring.ssl.bundle.pem.emulator.truststore.certificate", () -> "file:" + emulator.tlsCertificate());
        registry.add("azure.key-vault.ssl-bundle", () -> "emulator");
        registry.add("azure.key-vault.disable-challenge-resource-verification", () -> "true");
    }
}
