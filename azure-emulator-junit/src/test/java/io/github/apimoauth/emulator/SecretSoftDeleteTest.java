package io.github.apimoauth.emulator;

import java.time.Duration;
import java.util.Map;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.util.polling.SyncPoller;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.DeletedSecret;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;
import io.github.apimoauth.emulator.junit.ManagedIdentityEnvironment;
import io.github.apimoauth.emulator.vault.SecretStore;
import io.github.apimoauth.emulator.vault.VaultRoleAssignments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Key Vault's soft delete, driven by the real SDK's long-running operations: delete, get deleted, recover, purge,
 * and the 409 on reusing a deleted name. Only a Secrets Officer may delete, recover or purge.
 */
@ExtendWith(AzureEmulatorExtension.class)
class SecretSoftDeleteTest {

    private static final Duration POLL = Duration.ofMillis(50);

    private final AzureEmulator emulator;

    SecretSoftDeleteTest(AzureEmulator emulator) {
        this.emulator = emulator;
    }

    /** The shared header with a client id, so one test can act as the operator and as a reader. */
    @BeforeEach
    void identityEndpoint() {
        ManagedIdentityEnvironment.apply(Map.of("IDENTITY_ENDPOINT", emulator.identityEndpoint(), "IDENTITY_HEADER",
                emulator.sharedIdentityHeader()));
    }

    @AfterEach
    void restoreEnvironment() {
        ManagedIdentityEnvironment.clear();
    }

    private SecretClient clientFor(String identity) {
        TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId(emulator.identity(identity).clientId()).build();
        return SdkClients.secretClient(emulator, credential);
    }

    private static DeletedSecret delete(SecretClient client, String name) {
        SyncPoller<DeletedSecret, Void> poller = client.beginDeleteSecret(name).setPollInterval(POLL);
        return poller.waitForCompletion(Duration.ofSeconds(30)).getValue();
    }

    private static KeyVaultSecret recover(SecretClient client, String name) {
        SyncPoller<KeyVaultSecret, Void> poller = client.beginRecoverDeletedSecret(name).setPollInterval(POLL);
        return poller.waitForCompletion(Duration.ofSeconds(30)).getValue();
    }

    private static void assertStatus(Throwable ex, int status, String code) {
        assertThat(ex).isInstanceOf(HttpResponseException.class);
        assertThat(((HttpResponseException) ex).getResponse().getStatusCode()).isEqualTo(status);
        assertThat(ex.getMessage()).contains(code);
    }

    @Test
    void deleteSecretWhenOfficerThenDeletedBundleWithoutValueAndGetAnswersSecretNotFound() {
        SecretClient client = clientFor("operator");
        KeyVaultSecret secret = client.setSecret("sdk-delete-demo", "delete-me");

        DeletedSecret deleted = delete(client, "sdk-delete-demo");

        assertThat(deleted.getRecoveryId()).isEqualTo(emulator.vaultUrl() + "/deletedsecrets/sdk-delete-demo");
        assertThat(deleted.getId()).isEqualTo(secret.getId());
        assertThat(deleted.getValue()).isNull();
        assertThat(deleted.getDeletedOn()).isNotNull();
        assertThat(deleted.getScheduledPurgeDate()).isEqualTo(deleted.getDeletedOn().plusDays(90));
        assertThat(deleted.getProperties().getRecoveryLevel()).isEqualTo("Recoverable+Purgeable");
        assertThat(deleted.getProperties().getRecoverableDays()).isEqualTo(90);
        assertThatThrownBy(() -> client.getSecret("sdk-delete-demo"))
            .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("SecretNotFound");
        assertThatThrownBy(() -> client.getSecret("sdk-delete-demo", secret.getProperties().getVersion()))
            .isInstanceOf(ResourceNotFoundException.class);
        assertThat(client.getDeletedSecret("sdk-delete-demo").getRecoveryId()).isEqualTo(deleted.getRecoveryId());
        assertThat(client.listDeletedSecrets().stream().map(DeletedSecret::getName)).contains("sdk-delete-demo");
        assertThat(client.listPropertiesOfSecrets().stream().map(SecretProperties::getName)).doesNotContain("sdk-delete-demo");
    }

    @Test
    void recoverDeletedSecretWhenOfficerThenSecretIsBackWithEveryVersion() {
        SecretClient client = clientFor("operator");
        KeyVaultSecret first = client.setSecret("sdk-recover-demo", "first-value");
        client.setSecret("sdk-recover-demo", "second-value");
        delete(client, "sdk-recover-demo");

        KeyVaultSecret recovered = recover(client, "sdk-recover-demo");

        assertThat(recovered.getName()).isEqualTo("sdk-recover-demo");
        assertThat(client.getSecret("sdk-recover-demo").getValue()).isEqualTo("second-value");
        assertThat(client.getSecret("sdk-recover-demo", first.getProperties().getVersion()).getValue()).isEqualTo("first-value");
        assertThat(client.listPropertiesOfSecretVersions("sdk-recover-demo").stream().toList()).hasSize(2);
        assertThatThrownBy(() -> client.getDeletedSecret("sdk-recover-demo"))
            .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("SecretNotFound");
    }

    @Test
    void purgeDeletedSecretWhenOfficerThenGoneForGoodAndNameCanBeReused() {
        SecretClient client = clientFor("operator");
        client.setSecret("sdk-purge-demo", "old-value");
        delete(client, "sdk-purge-demo");

        client.purgeDeletedSecret("sdk-purge-demo");

        assertThatThrownBy(() -> client.getDeletedSecret("sdk-purge-demo")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.beginRecoverDeletedSecret("sdk-purge-demo").waitForCompletion())
            .isInstanceOf(ResourceNotFoundException.class);
        assertThat(client.setSecret("sdk-purge-demo", "new-value").getValue()).isEqualTo("new-value");
        assertThat(client.listPropertiesOfSecretVersions("sdk-purge-demo").stream().toList()).hasSize(1);
    }

    @Test
    void setSecretWhenNameIsSoftDeletedThen409ObjectIsDeletedButRecoverable() {
        SecretClient client = clientFor("operator");
        client.setSecret("sdk-conflict-demo", "value");
        delete(client, "sdk-conflict-demo");

        assertThatThrownBy(() -> client.setSecret("sdk-conflict-demo", "reused"))
            .satisfies(ex -> assertStatus(ex, 409, "ObjectIsDeletedButRecoverable"));
        assertThat(client.getDeletedSecret("sdk-conflict-demo").getName()).isEqualTo("sdk-conflict-demo");
    }

    @Test
    void deleteSecretWhenSecretDoesNotExistThenSecretNotFound() {
        SecretClient client = clientFor("operator");

        assertThatThrownBy(() -> client.beginDeleteSecret("no-such-secret").waitForCompletion())
            .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("SecretNotFound");
        assertThatThrownBy(() -> client.purgeDeletedSecret("no-such-secret")).isInstanceOf(ResourceNotFoundException.class);
    }

    /** Key Vault Secrets User reads values and metadata, deleted ones included, but never deletes, recovers or purges. */
    @Test
    void deleteRecoverPurgeWhenSecretsUserThenForbiddenByRbacAndNothingChanges() {
        SecretClient operator = clientFor("operator");
        operator.setSecret("sdk-user-demo", "stays");
        operator.setSecret("sdk-user-deleted-demo", "stays-deleted");
        delete(operator, "sdk-user-deleted-demo");
        VaultRoleAssignments roles = emulator.vaultRoles();
        roles.add("frontend", VaultRoleAssignments.SECRETS_USER, "/secrets/sdk-user-demo");
        roles.add("frontend", VaultRoleAssignments.SECRETS_USER, "/secrets/sdk-user-deleted-demo");
        try {
            SecretClient user = clientFor("frontend");

            assertThatThrownBy(() -> user.beginDeleteSecret("sdk-user-demo").waitForCompletion())
                .satisfies(ex -> assertStatus(ex, 403, "ForbiddenByRbac"));
            assertThatThrownBy(() -> user.beginRecoverDeletedSecret("sdk-user-deleted-demo").waitForCompletion())
                .satisfies(ex -> assertStatus(ex, 403, "ForbiddenByRbac"));
            assertThatThrownBy(() -> user.purgeDeletedSecret("sdk-user-deleted-demo"))
                .satisfies(ex -> assertStatus(ex, 403, "ForbiddenByRbac"));

            assertThat(user.getSecret("sdk-user-demo").getValue()).isEqualTo("stays");
            assertThat(user.getDeletedSecret("sdk-user-deleted-demo").getRecoveryId()).endsWith("/deletedsecrets/sdk-user-deleted-demo");
        }
        finally {
            roles.remove("frontend", VaultRoleAssignments.SECRETS_USER, "/secrets/sdk-user-demo");
            roles.remove("frontend", VaultRoleAssignments.SECRETS_USER, "/secrets/sdk-user-deleted-demo");
        }
    }

    /** A role scoped to one secret covers that name only, deleted or not. */
    @Test
    void getDeletedSecretWhenRoleScopedToAnotherSecretThenForbidden() {
        SecretClient operator = clientFor("operator");
        operator.setSecret("sdk-scope-demo", "value");
        delete(operator, "sdk-scope-demo");

        SecretClient frontend = clientFor("frontend");

        assertThatThrownBy(() -> frontend.getDeletedSecret("sdk-scope-demo")).satisfies(ex -> assertStatus(ex, 403, "ForbiddenByRbac"));
        assertThat(frontend.getSecret("apim-subscription-key-primary").getValue()).isNotBlank();
    }

    /** The wire shapes the SDK hides: no value in a deleted bundle, an empty 204 for a purge. */
    @Test
    void deleteAndPurgeWhenRawRequestsThenDeletedBundleHasNoValueAndPurgeIs204WithoutBody() {
        emulator.setSecret("raw-delete-demo", "raw-value");
        RawHttp http = new RawHttp(emulator);
        Map<String, String> operator = Map.of("Authorization", "Bearer " + emulator.tokenFor("operator", "https://vault.azure.net"));

        RawHttp.Response deleted = http.send("DELETE", emulator.vaultUrl() + "/secrets/raw-delete-demo?api-version=7.6", operator, null);
        RawHttp.Response read = http.get(emulator.vaultUrl() + "/secrets/raw-delete-demo/?api-version=7.6", operator);
        RawHttp.Response purged = http.send("DELETE", emulator.vaultUrl() + "/deletedsecrets/raw-delete-demo?api-version=7.6", operator, null);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json()).containsKeys("recoveryId", "deletedDate", "scheduledPurgeDate", "id", "attributes").doesNotContainKey("value");
        assertThat(deleted.body()).doesNotContain("raw-value");
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.json().toString()).contains("SecretNotFound");
        assertThat(purged.status()).isEqualTo(204);
        assertThat(purged.body()).isEmpty();
    }

    /** Deleted secrets are Key Vault's: HTTPS only, behind the same challenge, however the path is spelled. */
    @Test
    void getDeletedSecretWhenNoTokenEncodedPathOrHttpPortThenVaultChallengeOr404NamingHttps() {
        RawHttp http = new RawHttp(emulator);

        RawHttp.Response plain = http.get(emulator.vaultUrl() + "/deletedsecrets/any-name?api-version=7.6", Map.of());
        RawHttp.Response encoded = http.get(emulator.vaultUrl() + "/%64eletedsecrets/any-name?api-version=7.6", Map.of());
        RawHttp.Response onHttp = RawHttp.sendVerbatim(emulator.authorityHost(), "/deletedsecrets/any-name?api-version=7.6",
                Map.of("Authorization", "Bearer " + emulator.tokenFor("operator", "https://vault.azure.net")));

        for (RawHttp.Response r : new RawHttp.Response[] { plain, encoded }) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer authorization=");
            assertThat(r.json().toString()).contains("AKV10000");
        }
        assertThat(onHttp.status()).isEqualTo(404);
        assertThat(onHttp.json().toString()).contains("HTTPS");
    }

    @Test
    void setSecretWhenHarnessOrAdminReusesSoftDeletedNameThen409AndRecoverBringsTheValueBack() {
        String version = emulator.setSecret("harness-delete-demo", "kept-value");
        emulator.deleteSecret("harness-delete-demo");

        assertThatThrownBy(() -> emulator.secretValue("harness-delete-demo")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emulator.setSecret("harness-delete-demo", "other"))
            .hasMessageContaining("409").hasMessageContaining("ObjectIsDeletedButRecoverable");
        RawHttp.Response admin = new RawHttp(emulator).send("PUT", emulator.authorityHost() + "/_emulator/secrets/harness-delete-demo",
                Map.of("Content-Type", "application/json"), "{\"value\":\"other\"}");
        assertThat(admin.status()).isEqualTo(409);
        assertThat(admin.json().toString()).contains("ObjectIsDeletedButRecoverable");

        emulator.recoverSecret("harness-delete-demo");

        assertThat(emulator.secretValue("harness-delete-demo")).isEqualTo("kept-value");
        assertThat(emulator.context().getBean(SecretStore.class).latest("harness-delete-demo")
            .orElseThrow().version()).isEqualTo(version);
    }
}
