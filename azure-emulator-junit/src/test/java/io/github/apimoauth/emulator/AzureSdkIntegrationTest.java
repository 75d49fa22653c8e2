package io.github.apimoauth.emulator;

import java.util.List;
import java.util.Map;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;
import io.github.apimoauth.emulator.junit.ManagedIdentityEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real azure-identity and Key Vault SDKs, unmodified, against the in-process emulator. */
@ExtendWith({ AzureEmulatorExtension.class, OutputCaptureExtension.class })
class AzureSdkIntegrationTest {

    private final AzureEmulator emulator;

    private final String backendApi;

    AzureSdkIntegrationTest(AzureEmulator emulator) {
        this.emulator = emulator;
        this.backendApi = "api://" + emulator.appId("backend-api");
    }

    @AfterEach
    void restoreEnvironment() {
        ManagedIdentityEnvironment.clear();
    }

    @Test
    void getTokenWhenManagedIdentityCredentialUsesIdentityEndpointThenTokenIsEntraV2Shaped() {
        ManagedIdentityEnvironment.applyAppService(emulator, "frontend");
        AzureEmulator.Identity frontend = emulator.identity("frontend");
        TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId(frontend.clientId()).build();

        String token = SdkClients.token(credential, backendApi + "/.default");

        Map<String, Object> claims = SdkClients.claims(token);
        assertThat(claims).containsEntry("iss", emulator.issuer("home", 2))
            .containsEntry("aud", List.of(emulator.appId("backend-api")))
            .containsEntry("azp", frontend.clientId())
            .containsEntry("azpacr", "2")
            .containsEntry("oid", frontend.objectId())
            .containsEntry("sub", frontend.objectId())
            .containsEntry("tid", frontend.tenantId())
            .containsEntry("idtyp", "app")
            .containsEntry("ver", "2.0")
            .containsEntry("roles", List.of("Backend.Read"))
            .containsKeys("iat", "nbf", "exp", "uti")
            .doesNotContainKeys("appid", "scp");
        assertThat(SdkClients.header(token)).containsEntry("alg", "RS256").containsKey("kid");
    }

    @Test
    void getTokenWhenResourceAcceptsV1ThenTokenCarriesAppidAndRequestedAudience() {
        ManagedIdentityEnvironment.applyAppService(emulator, "backend");
        AzureEmulator.Identity backend = emulator.identity("backend");
        TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId(backend.clientId()).build();

        String token = SdkClients.token(credential, "https://vault.azure.net/.default");

        Map<String, Object> claims = SdkClients.claims(token);
        assertThat(claims).containsEntry("iss", emulator.issuer("home", 1))
            .containsEntry("aud", List.of("https://vault.azure.net"))
            .containsEntry("appid", backend.clientId())
            .containsEntry("appidacr", "2")
            .containsEntry("ver", "1.0")
            .doesNotContainKeys("azp", "roles");
        Map<String, Object> header = SdkClients.header(token);
        assertThat(header.get("x5t")).isEqualTo(header.get("kid"));
    }

    @Test
    void getTokenWhenImdsProtocolThroughPodIdentityHostThenTokenIsIssued() {
        ManagedIdentityEnvironment.apply(Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", emulator.authorityHost()));
        AzureEmulator.Identity gateway = emulator.identity("gateway");
        TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId(gateway.clientId()).build();

        String token = SdkClients.token(credential, backendApi + "/.default");

        assertThat(SdkClients.claims(token)).containsEntry("azp", gateway.clientId()).doesNotContainKey("roles");
    }

    @Test
    void getSecretWhenDefaultAzureCredentialHasReadRoleThenValueIsReturned(CapturedOutput output) {
        ManagedIdentityEnvironment.applyAppService(emulator, "gateway");
        TokenCredential credential = new DefaultAzureCredentialBuilder()
            .managedIdentityClientId(emulator.identity("gateway").clientId())
            .build();

        KeyVaultSecret secret = SdkClients.secretClient(emulator, credential).getSecret("backend-function-key");

        assertThat(secret.getValue()).isEqualTo(emulator.secretValue("backend-function-key")).hasSizeGreaterThanOrEqualTo(32);
        assertThat(secret.getId()).startsWith(emulator.vaultUrl() + "/secrets/backend-function-key/");
        assertThat(secret.getProperties().getVersion()).isNotBlank();
        assertThat(secret.getProperties().isEnabled()).isTrue();
        assertThat(output).doesNotContain(secret.getValue());
    }

    @Test
    void getSecretWhenIdentityHasNoRoleAssignmentThenForbiddenByRbac() {
        ManagedIdentityEnvironment.applyAppService(emulator, "intruder");
        TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId(emulator.identity("intruder").clientId()).build();
        SecretClient client = SdkClients.secretClient(emulator, credential);

        assertThatThrownBy(() -> client.getSecret("backend-function-key")).isInstanceOfSatisfying(HttpResponseException.class, ex -> {
            assertThat(ex.getResponse().getStatusCode()).isEqualTo(403);
            assertThat(ex.getMessage()).contains("Forbidden").contains("ForbiddenByRbac");
        });
    }

    @Test
    void getSecretWhenRoleIsScopedToAnotherSecretThenForbidden() {
        ManagedIdentityEnvironment.applyAppService(emulator, "frontend");
        TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId(emulator.identity("frontend").clientId()).build();
        SecretClient client = SdkClients.secretClient(emulator, credential);

        assertThat(client.getSecret("apim-subscription-key-primary").getValue()).isEqualTo(emulator.secretValue("apim-subscription-key-primary"));
        assertThatThrownBy(() -> client.getSecret("backend-function-key"))
            .isInstanceOfSatisfying(HttpResponseException.class, ex -> assertThat(ex.getResponse().getStatusCode()).isEqualTo(403));
    }

    @Test
    void setSecretWhenOfficerThenNewVersionIsLatestAndOldVersionStaysReadable() {
        ManagedIdentityEnvironment.applyAppService(emulator, "operator");
        TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId(emulator.identity("operator").clientId()).build();
        SecretClient client = SdkClients.secretClient(emulator, credential);
        client.setSecret("sdk-rotation-demo", "first-value");

        KeyVaultSecret second = client.setSecret("sdk-rotation-demo", "second-value");

        assertThat(client.getSecret("sdk-rotation-demo").getValue()).isEqualTo("second-value");
        List<SecretProperties> versions = client.listPropertiesOfSecretVersions("sdk-rotation-demo").stream().toList();
        assertThat(versions).hasSize(2);
        String firstVersion = versions.stream().map(SecretProperties::getVersion)
            .filter(v -> !v.equals(second.getProperties().getVersion())).findFirst().orElseThrow();
        assertThat(client.getSecret("sdk-rotation-demo", firstVersion).getValue()).isEqualTo("first-value");
    }

    @Test
    void getSecretWhenLatestVersionIsDisabledThenForbidden() {
        ManagedIdentityEnvironment.applyAppService(emulator, "operator");
        TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId(emulator.identity("operator").clientId()).build();
        SecretClient client = SdkClients.secretClient(emulator, credential);
        KeyVaultSecret secret = client.setSecret("sdk-disable-demo", "value");

        client.updateSecretProperties(secret.getProperties().setEnabled(false));

        assertThatThrownBy(() -> client.getSecret("sdk-disable-demo")).isInstanceOfSatisfying(HttpResponseException.class, ex -> {
            assertThat(ex.getResponse().getStatusCode()).isEqualTo(403);
            assertThat(ex.getMessage()).contains("SecretDisabled");
        });
    }

    @Test
    void getSecretWhenSecretDoesNotExistThenSecretNotFound() {
        ManagedIdentityEnvironment.applyAppService(emulator, "operator");
        TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId(emulator.identity("operator").clientId()).build();

        assertThatThrownBy(() -> SdkClients.secretClient(emulator, credential).getSecret("no-such-secret"))
            .isInstanceOf(ResourceNotFoundException.class)
            .hasMessageContaining("SecretNotFound");
    }

    @Test
    void getTokenWhenAppRoleIsRemovedThenNextTokenHasNoRole() {
        AzureEmulator.Identity intruder = emulator.identity("intruder");
        emulator.assignAppRole("intruder", "backend-api", "Backend.Write");
        assertThat(SdkClients.claims(emulator.tokenFor("intruder", backendApi))).containsEntry("roles", List.of("Backend.Write"));

        emulator.removeAppRole("intruder", "backend-api", "Backend.Write");

        assertThat(SdkClients.claims(emulator.tokenFor("intruder", backendApi))).doesNotContainKey("roles")
            .containsEntry("oid", intruder.objectId());
    }
}
