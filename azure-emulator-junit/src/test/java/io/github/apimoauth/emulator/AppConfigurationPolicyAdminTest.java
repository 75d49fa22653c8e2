package io.github.apimoauth.emulator;

import java.util.Map;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.appconfiguration.ConfigurationClient;
import com.azure.data.appconfiguration.models.ConfigurationSetting;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;
import io.github.apimoauth.emulator.junit.ManagedIdentityEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The caller policy's admin shortcuts (the local stand-in for {@code az appconfig kv set} and a sentinel bump), seen
 * by the gateway's identity through the real SDK, exactly as the gateway watches the store: a conditional read of the
 * sentinel answers 304 until a revocation or a restore bumps it.
 */
@ExtendWith(AzureEmulatorExtension.class)
class AppConfigurationPolicyAdminTest {

    private final AzureEmulator emulator;

    private final RawHttp http;

    private final String revocations;

    AppConfigurationPolicyAdminTest(AzureEmulator emulator) {
        this.emulator = emulator;
        this.http = new RawHttp(emulator);
        this.revocations = emulator.authorityHost() + "/_emulator/policy/revocations";
    }

    @BeforeEach
    void identityEndpoint() {
        ManagedIdentityEnvironment.apply(Map.of("IDENTITY_ENDPOINT", emulator.identityEndpoint(), "IDENTITY_HEADER",
                emulator.sharedIdentityHeader()));
    }

    @AfterEach
    void restoreEnvironment() {
        ManagedIdentityEnvironment.clear();
    }

    private ConfigurationClient gateway() {
        return SdkClients.configurationClient(emulator,
                new ManagedIdentityCredentialBuilder().clientId(emulator.identity("gateway").clientId()).build());
    }

    @Test
    void revokeWhenAdminShortcutThenKeyIsWrittenAndSentinelChangesUntilRestored() {
        ConfigurationClient client = gateway();
        String frontend = emulator.identity("frontend").clientId();
        String key = emulator.policyKeyPrefix() + "revoked-application:" + frontend;
        ConfigurationSetting watched = client.getConfigurationSetting(emulator.policyKeyPrefix() + "sentinel", null);
        assertThat(client.getConfigurationSettingWithResponse(watched, null, true, Context.NONE).getStatusCode()).isEqualTo(304);

        RawHttp.Response revoked = http.send("PUT", revocations + "/application/" + frontend,
                Map.of("Content-Type", "application/json"), "{\"reason\":\"leaked identity\"}");

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json()).containsEntry("kind", "application").containsEntry("revoked", true);
        Response<ConfigurationSetting> bumped = client.getConfigurationSettingWithResponse(watched, null, true, Context.NONE);
        assertThat(bumped.getStatusCode()).isEqualTo(200);
        assertThat(bumped.getValue().getValue()).isEqualTo("\"" + revoked.json().get("policyVersion") + "\"");
        ConfigurationSetting revocation = client.getConfigurationSetting(key, null);
        assertThat(revocation.getValue()).isEqualTo("{\"reason\":\"leaked identity\"}");
        assertThat(revocation.getContentType()).isEqualTo("application/json");
        assertThat(http.get(revocations, Map.of()).body()).contains("\"kind\":\"application\"", "\"id\":\"" + frontend + "\"",
                "leaked identity");

        RawHttp.Response restored = http.send("DELETE", revocations + "/application/" + frontend, Map.of(), null);

        assertThat(restored.json()).containsEntry("restored", true);
        assertThat(emulator.policySentinel()).contains("\"" + restored.json().get("policyVersion") + "\"");
        assertThat(client.getConfigurationSettingWithResponse(bumped.getValue(), null, true, Context.NONE).getStatusCode()).isEqualTo(200);
        assertThatThrownBy(() -> client.getConfigurationSetting(key, null))
            .isInstanceOfSatisfying(HttpResponseException.class, ex -> assertThat(ex.getResponse().getStatusCode()).isEqualTo(404));
        assertThat(emulator.revokedCallers()).noneMatch(r -> r.id().equals(frontend));
    }

    @Test
    void revokeWhenTokenAndPrincipalThroughHarnessThenListedAndRestoredOneByOne() {
        String principal = emulator.identity("intruder").objectId();
        String before = emulator.policySentinel().orElseThrow();

        String afterToken = emulator.revokeCaller("token", "aBc-123_x");
        String afterPrincipal = emulator.revokeCaller("principal", principal.toUpperCase(), "compromised");

        assertThat(afterToken).isNotEqualTo(before.replace("\"", ""));
        assertThat(Long.parseLong(afterPrincipal)).isGreaterThan(Long.parseLong(afterToken));
        assertThat(emulator.revokedCallers()).extracting(r -> r.kind() + ":" + r.id())
            .contains("token:aBc-123_x", "principal:" + principal);
        assertThat(emulator.policyValue("revoked-principal:" + principal)).contains("{\"reason\":\"compromised\"}");
        assertThat(emulator.restoreCaller("token", "aBc-123_x")).isTrue();
        assertThat(emulator.restoreCaller("token", "aBc-123_x")).isFalse();
        assertThat(emulator.restoreCaller("principal", principal)).isTrue();
        assertThat(emulator.revokedCallers()).extracting(r -> r.kind() + ":" + r.id())
            .doesNotContain("token:aBc-123_x", "principal:" + principal);
    }

    @Test
    void revokeWhenKindOrIdInvalidThenBadRequestAndNothingChanges() {
        String before = emulator.policySentinel().orElseThrow();

        RawHttp.Response kind = http.send("PUT", revocations + "/tenant/" + emulator.tenantId("home"), Map.of(), null);
        RawHttp.Response id = http.send("PUT", revocations + "/application/not-a-guid", Map.of(), null);
        RawHttp.Response uti = http.send("PUT", revocations + "/token/" + "x".repeat(65), Map.of(), null);

        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.json()).isEqualTo(Map.of("error", Map.of("code", "BadRequest", "message",
                "Unknown kind 'tenant': use application, principal or token")));
        assertThat(id.status()).isEqualTo(400);
        assertThat(id.body()).contains("An application is revoked by its client id, a GUID");
        assertThat(uti.status()).isEqualTo(400);
        assertThat(uti.body()).contains("1-64 base64url characters");
        assertThat(emulator.policySentinel()).contains(before);
    }

    @Test
    void setPolicyValueWhenHarnessWritesThenSentinelBumpsAndValueIsKeptAsGiven() {
        String before = emulator.policySentinel().orElseThrow();

        String version = emulator.setPolicyValue("gateway:client-application-ids", "[not json");

        assertThat(emulator.policySentinel()).contains("\"" + version + "\"").isNotEqualTo(java.util.Optional.of(before));
        assertThat(emulator.policyValue("gateway:client-application-ids")).contains("[not json");
        assertThat(emulator.deletePolicyValue("gateway:client-application-ids")).isPresent();
        assertThat(emulator.deletePolicyValue("gateway:client-application-ids")).isEmpty();
        RawHttp.Response bump = http.send("POST", emulator.authorityHost() + "/_emulator/policy/sentinel", Map.of(), null);
        assertThat(emulator.policySentinel()).contains("\"" + bump.json().get("policyVersion") + "\"");
    }
}
