package io.github.apimoauth.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin API over HTTP, as a demo script or another module's test drives it. */
@ExtendWith(AzureEmulatorExtension.class)
class AdminApiTest {

    private final AzureEmulator emulator;

    private final RawHttp http;

    private final String admin;

    AdminApiTest(AzureEmulator emulator) {
        this.emulator = emulator;
        this.http = new RawHttp(emulator);
        this.admin = emulator.authorityHost() + "/_emulator";
    }

    @AfterEach
    void clearFaults() {
        emulator.clearFaults();
    }

    @Test
    void listWhenDefaultConfigurationThenDemoIdentitiesAndAppsAreThere() {
        RawHttp.Response identities = http.get(admin + "/identities", Map.of());
        RawHttp.Response apps = http.get(admin + "/applications", Map.of());

        assertThat(identities.status()).isEqualTo(200);
        assertThat(identities.body()).contains("\"frontend\"", "\"gateway\"", "\"backend\"", "\"intruder\"", "\"foreign\"")
            .contains("Backend.Read").contains(emulator.tenantId("foreign"));
        assertThat(apps.body()).contains("backend-api", "Backend.Write", "https://vault.azure.net");
    }

    @Test
    void environmentWhenIdentityKnownThenContainerAppsVariables() {
        RawHttp.Response env = http.get(admin + "/identities/frontend/environment", Map.of());

        assertThat(env.json()).containsEntry("IDENTITY_ENDPOINT", emulator.identityEndpoint())
            .containsEntry("IDENTITY_HEADER", emulator.identity("frontend").identityHeader())
            .containsEntry("AZURE_CLIENT_ID", emulator.identity("frontend").clientId())
            .containsEntry("ENTRA_AUTHORITY_HOST", emulator.authorityHost())
            .containsEntry("AZURE_KEYVAULT_URL", emulator.vaultUrl());
    }

    @Test
    void mintWhenClaimsOverriddenThenTokenCarriesThemAndDropsNulls() {
        String body = "{\"identity\":\"frontend\",\"resource\":\"api://" + emulator.appId("backend-api")
                + "\",\"claims\":{\"aud\":\"api://someone-else\",\"roles\":null},\"header\":{\"kid\":\"bogus\"},\"lifetimeSeconds\":60}";

        RawHttp.Response minted = http.send("POST", admin + "/tokens", Map.of("Content-Type", "application/json"), body);

        assertThat(minted.status()).isEqualTo(200);
        String token = (String) minted.json().get("accessToken");
        assertThat(SdkClients.claims(token)).containsEntry("aud", List.of("api://someone-else")).doesNotContainKey("roles")
            .containsEntry("azp", emulator.identity("frontend").clientId());
        assertThat(SdkClients.header(token)).containsEntry("kid", "bogus");
    }

    @Test
    void countersWhenDocumentsAndTokensServedThenCounted() {
        emulator.resetCounters();
        String tid = emulator.tenantId("home");
        http.get(emulator.issuer("home", 2) + "/.well-known/openid-configuration", Map.of());
        http.get(emulator.authorityHost() + "/" + tid + "/discovery/v2.0/keys", Map.of());
        http.get(emulator.identityEndpoint() + "?api-version=2019-08-01&resource=https://vault.azure.net",
                Map.of("X-IDENTITY-HEADER", emulator.identity("backend").identityHeader()));

        Map<String, Object> counters = emulator.counters();

        assertThat(counters.get("discoveryFetches")).isEqualTo(Map.of(tid + "/v2.0", 1L));
        assertThat(counters.get("jwksFetches")).isEqualTo(Map.of(tid, 1L));
        assertThat(counters.get("tokenRequests")).isEqualTo(Map.of("backend", Map.of("https://vault.azure.net", 1L)));
        assertThat(http.get(admin + "/counters", Map.of()).body()).contains("keyVaultReads");
    }

    @Test
    void faultWhenOpenIdUnavailableThen503UntilCleared() {
        String discovery = emulator.issuer("home", 2) + "/.well-known/openid-configuration";
        RawHttp.Response injected = http.send("POST", admin + "/faults", Map.of("Content-Type", "application/json"),
                "{\"target\":\"openid\",\"mode\":\"unavailable\",\"seconds\":30}");

        assertThat(injected.status()).isEqualTo(200);
        assertThat(http.get(discovery, Map.of()).status()).isEqualTo(503);
        assertThat(http.get(emulator.identityEndpoint() + "?api-version=2019-08-01&resource=https://vault.azure.net",
                Map.of("X-IDENTITY-HEADER", emulator.identity("backend").identityHeader())).status()).isEqualTo(200);

        http.send("DELETE", admin + "/faults", Map.of(), null);

        assertThat(http.get(discovery, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void faultWhenKeyVaultHangsThenClientTimesOut() {
        emulator.fault(io.github.apimoauth.emulator.admin.Faults.Target.KEY_VAULT, io.github.apimoauth.emulator.admin.Faults.Mode.HANG,
                Duration.ofSeconds(5));
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest
            .newBuilder(java.net.URI.create(emulator.vaultUrl() + "/secrets/backend-function-key/?api-version=7.6"))
            .timeout(Duration.ofMillis(500))
            .build();

        assertThatThrownBy(() -> client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(java.net.http.HttpTimeoutException.class);
    }

    @Test
    void faultWhenTargetUnknownThen400NamingTheChoices() {
        RawHttp.Response r = http.send("POST", admin + "/faults", Map.of("Content-Type", "application/json"), "{\"target\":\"dns\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("managed-identity, openid, key-vault");
    }

    @Test
    void setSecretWhenAdminAddsVersionThenAnswerCarriesFingerprintNotValue() {
        RawHttp.Response r = http.send("PUT", admin + "/secrets/admin-rotation-demo", Map.of("Content-Type", "application/json"),
                "{\"value\":\"rotated-value\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("rotated-value");
        assertThat(r.json()).containsEntry("sha256", io.github.apimoauth.emulator.config.Fingerprint.of("rotated-value"));
        assertThat(emulator.secretValue("admin-rotation-demo")).isEqualTo("rotated-value");
    }

    @Test
    void deleteSecretWhenAdminDeletesAndRecoversThenReadsAre404InBetweenAndAnswersCarryNoValue() {
        emulator.setSecret("admin-delete-demo", "admin-value");

        RawHttp.Response deleted = http.send("DELETE", admin + "/secrets/admin-delete-demo", Map.of(), null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json()).containsEntry("deleted", true).containsKey("scheduledPurgeDate");
        assertThatThrownBy(() -> emulator.secretValue("admin-delete-demo")).isInstanceOf(IllegalArgumentException.class);
        RawHttp.Response again = http.send("DELETE", admin + "/secrets/admin-delete-demo", Map.of(), null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().toString()).contains("SecretNotFound");

        RawHttp.Response recovered = http.send("POST", admin + "/secrets/admin-delete-demo/recover", Map.of(), null);
        assertThat(recovered.status()).isEqualTo(200);
        assertThat(recovered.body()).doesNotContain("admin-value");
        assertThat(recovered.json()).containsEntry("sha256", io.github.apimoauth.emulator.config.Fingerprint.of("admin-value"));
        assertThat(emulator.secretValue("admin-delete-demo")).isEqualTo("admin-value");
        assertThat(http.send("POST", admin + "/secrets/admin-delete-demo/recover", Map.of(), null).status()).isEqualTo(404);
    }

    @Test
    void keysWhenPublishNextThenJwksHasBothKeysButSigningIsUnchanged() {
        try (AzureEmulator own = AzureEmulator.start(Map.of())) {
            RawHttp ownHttp = new RawHttp(own);
            String current = own.signingKeys().get(0).kid();

            RawHttp.Response next = ownHttp.send("POST", own.authorityHost() + "/_emulator/keys/next", Map.of(), null);

            String nextKid = (String) next.json().get("kid");
            assertThat(ownHttp.get(own.authorityHost() + "/common/discovery/keys", Map.of()).body()).contains(current, nextKid);
            assertThat(SdkClients.header(own.tokenFor("gateway", "https://vault.azure.net"))).containsEntry("kid", current);
        }
    }
}
