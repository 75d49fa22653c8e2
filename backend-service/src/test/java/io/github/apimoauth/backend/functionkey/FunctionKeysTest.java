package io.github.apimoauth.backend.functionkey;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.apimoauth.emulator.admin.Faults;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.ManagedIdentityEnvironment;
import io.github.apimoauth.emulator.vault.VaultRoleAssignments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which function keys are in force, read with the real SecretClient from the emulator's Key Vault as the backend's
 * managed identity. Each test has its own secret; the backend identity also gets Secrets Officer on it, to change a
 * version's attributes as an operator would. A movable clock stands for the hours a grace period or an outage lasts.
 */
class FunctionKeysTest {

    static final AzureEmulator emulator = AzureEmulator.shared();

    static SecretClient client;

    /** The system clock, moved forward by what a test says. */
    static final class MovableClock extends Clock {

        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private final MovableClock clock = new MovableClock();

    private final FunctionKeyProperties properties = new FunctionKeyProperties();

    private String name;

    private long lastCreatedSecond;

    private FunctionKeys keys;

    @BeforeAll
    static void client() {
        ManagedIdentityEnvironment.applyAppService(emulator, "backend");
        client = new SecretClientBuilder().vaultUrl(emulator.vaultUrl())
            .credential(new ManagedIdentityCredentialBuilder().clientId(emulator.identity("backend").clientId()).build())
            .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(emulator.sslContext())).build())
            // A 503 from a fault is answered at once: the test is about what the keys do, not the SDK's back-off.
            .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
            .disableChallengeResourceVerification()
            .buildClient();
    }

    @BeforeEach
    void secret() {
        name = "fk-" + UUID.randomUUID().toString().substring(0, 8);
        emulator.vaultRoles().add("backend", VaultRoleAssignments.SECRETS_OFFICER, "/secrets/" + name);
        properties.setSecretName(name);
        keys = new FunctionKeys(client, properties, clock);
    }

    @AfterEach
    void clearFaults() {
        emulator.clearFaults();
    }

    /** A new version, in a later second than the one before: Key Vault's created time has whole seconds. */
    private String version(String value) throws InterruptedException {
        while (Instant.now().getEpochSecond() <= lastCreatedSecond) {
            Thread.sleep(50);
        }
        String version = emulator.setSecret(name, value);
        lastCreatedSecond = Instant.now().getEpochSecond();
        return version;
    }

    private void update(String version, Consumer<SecretProperties> change) {
        SecretProperties properties = client.listPropertiesOfSecretVersions(name).stream()
            .filter(v -> v.getVersion().equals(version)).findFirst().orElseThrow();
        change.accept(properties);
        client.updateSecretProperties(properties);
    }

    @Test
    void refreshWhenVersionBeforeCurrentIsDisabledThenOlderVersionIsNotAcceptedInstead() throws Exception {
        version("key-1");
        String v2 = version("key-2");
        String v3 = version("key-3");
        keys.refresh();
        assertThat(keys.state().acceptedVersions()).containsExactly(v3, v2);
        assertThat(keys.matches("key-1")).as("two rotations ago").isFalse();

        update(v2, p -> p.setEnabled(false));
        keys.refresh();

        assertThat(keys.matches("key-3")).isTrue();
        assertThat(keys.matches("key-2")).as("the disabled, leaked version").isFalse();
        assertThat(keys.matches("key-1")).as("never further back than the version before the current one").isFalse();
        assertThat(keys.state().acceptedVersions()).containsExactly(v3);
    }

    @Test
    void matchesWhenGracePeriodAfterCurrentVersionHasPassedThenPreviousVersionIsRefused() throws Exception {
        version("key-1");
        version("key-2");
        keys.refresh();
        assertThat(keys.matches("key-1")).isTrue();

        clock.advance(Duration.ofHours(23));
        assertThat(keys.matches("key-1")).as("within the 24 h grace period").isTrue();
        clock.advance(Duration.ofHours(2));

        assertThat(keys.matches("key-1")).as("at once, before any refresh").isFalse();
        keys.refresh();
        assertThat(keys.matches("key-1")).isFalse();
        assertThat(keys.matches("key-2")).isTrue();
    }

    @Test
    void matchesWhenPreviousVersionExpiresThenItIsRefused() throws Exception {
        String v1 = version("key-1");
        version("key-2");
        update(v1, p -> p.setExpiresOn(OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)));
        keys.refresh();
        assertThat(keys.matches("key-1")).isTrue();

        clock.advance(Duration.ofHours(2));

        assertThat(keys.matches("key-1")).isFalse();
        assertThat(keys.matches("key-2")).isTrue();
    }

    @Test
    void refreshWhenCurrentVersionIsDisabledThenNoKeyIsAccepted() throws Exception {
        version("key-1");
        String v2 = version("key-2");
        keys.refresh();
        assertThat(keys.matches("key-2")).isTrue();

        update(v2, p -> p.setEnabled(false));
        keys.refresh();

        assertThat(keys.matches("key-2")).isFalse();
        assertThat(keys.matches("key-1")).as("the version before a disabled current one is no fallback").isFalse();
        assertThat(keys.state().loaded()).isFalse();
        assertThat(keys.state().lastError()).contains("403");
    }

    @Test
    void refreshWhenCurrentVersionHasExpiredThenNoKeyIsAccepted() throws Exception {
        version("key-1");
        String v2 = version("key-2");
        keys.refresh();

        update(v2, p -> p.setExpiresOn(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1)));
        keys.refresh();

        assertThat(keys.matches("key-2")).isFalse();
        assertThat(keys.matches("key-1")).isFalse();
        assertThat(keys.state().loaded()).isFalse();
    }

    @Test
    void refreshWhenAccessToTheSecretIsRemovedThenNoKeyIsAccepted() throws Exception {
        version("key-1");
        keys.refresh();
        assertThat(keys.matches("key-1")).isTrue();

        emulator.vaultRoles().remove("backend", VaultRoleAssignments.SECRETS_OFFICER, "/secrets/" + name);
        keys.refresh();

        assertThat(keys.matches("key-1")).isFalse();
        assertThat(keys.state().loaded()).isFalse();
        assertThat(keys.state().lastError()).contains("403");
    }

    @Test
    void refreshWhenSecretDoesNotExistThenNoKeyIsAcceptedAndStateNamesNotFound() {
        keys.refresh();

        assertThat(keys.matches("anything")).isFalse();
        assertThat(keys.state().loaded()).isFalse();
        assertThat(keys.state().lastError()).contains("ResourceNotFoundException");
    }

    @Test
    void refreshWhenKeyVaultUnavailableThenLastKeysServeUntilMaxStalenessOnly() throws Exception {
        version("key-1");
        keys.refresh();
        emulator.fault(Faults.Target.KEY_VAULT, Faults.Mode.UNAVAILABLE, Duration.ofSeconds(60));

        keys.refresh();
        assertThat(keys.matches("key-1")).as("a 503 is no revocation").isTrue();
        assertThat(keys.state().loaded()).isTrue();
        assertThat(keys.state().lastError()).contains("503");

        clock.advance(Duration.ofHours(25));
        keys.refresh();

        assertThat(keys.matches("key-1")).as("stale beyond the 24 h maximum").isFalse();
        assertThat(keys.state().loaded()).isFalse();
        assertThat(keys.state().acceptedVersions()).isEmpty();
    }
}
