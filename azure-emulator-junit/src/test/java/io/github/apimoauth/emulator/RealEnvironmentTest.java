package io.github.apimoauth.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.config.Fingerprint;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DefaultAzureCredential and SecretClient in a child JVM configured only through real environment variables, the
 * way Container Apps configures a service: no test seam, nothing but the SDK and its environment.
 */
@ExtendWith(AzureEmulatorExtension.class)
class RealEnvironmentTest {

    private final AzureEmulator emulator;

    RealEnvironmentTest(AzureEmulator emulator) {
        this.emulator = emulator;
    }

    @Test
    void readSecretWhenChildJvmHasContainerAppsEnvironmentThenTokenAndSecretAreObtained() throws Exception {
        String output = probe("gateway", "backend-function-key");

        assertThat(output).contains("TOKEN oid=" + emulator.identity("gateway").objectId())
            .contains("SECRET sha256=" + Fingerprint.of(emulator.secretValue("backend-function-key")))
            .doesNotContain(emulator.secretValue("backend-function-key"));
    }

    @Test
    void readSecretWhenChildJvmRunsAsIdentityWithoutRoleThen403() throws Exception {
        String output = probe("intruder", "backend-function-key");

        assertThat(output).contains("TOKEN oid=" + emulator.identity("intruder").objectId()).contains("SECRET status=403");
    }

    private String probe(String identity, String secret) throws IOException, InterruptedException {
        AzureEmulator.Identity id = emulator.identity(identity);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true", "-cp", System.getProperty("java.class.path"), SdkProbe.class.getName(),
                emulator.vaultUrl(), emulator.tlsCertificate().toString(), secret, "https://vault.azure.net/.default"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AZURE_") || k.startsWith("IDENTITY_") || k.startsWith("MSI_") || k.startsWith("IMDS_"));
        env.put("IDENTITY_ENDPOINT", emulator.identityEndpoint());
        env.put("IDENTITY_HEADER", id.identityHeader());
        env.put("AZURE_CLIENT_ID", id.clientId());
        env.put("AZURE_TOKEN_CREDENTIALS", "ManagedIdentityCredential");
        Process process = builder.start();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("probe finished; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("probe exit code; output:%n%s", output).isZero();
        return output;
    }
}
