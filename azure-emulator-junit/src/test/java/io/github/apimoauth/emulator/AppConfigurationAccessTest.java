package io.github.apimoauth.emulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.data.appconfiguration.ConfigurationClient;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.admin.Faults;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;
import io.github.apimoauth.emulator.junit.ManagedIdentityEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who reaches the emulated store, with the real SDK where one would send the request: Entra tokens for the App
 * Configuration audience only, no access keys (the store has local authentication disabled), Azure RBAC per identity,
 * and an injected outage. Requests no SDK would send go over plain HTTP.
 */
@ExtendWith(AzureEmulatorExtension.class)
class AppConfigurationAccessTest {

    private static final String SENTINEL = "apim-oauth:policy:sentinel";

    private final AzureEmulator emulator;

    private final RawHttp http;

    AppConfigurationAccessTest(AzureEmulator emulator) {
        this.emulator = emulator;
        this.http = new RawHttp(emulator);
    }

    @BeforeEach
    void identityEndpoint() {
        ManagedIdentityEnvironment.apply(Map.of("IDENTITY_ENDPOINT", emulator.identityEndpoint(), "IDENTITY_HEADER",
                emulator.sharedIdentityHeader()));
    }

    @AfterEach
    void restore() {
        ManagedIdentityEnvironment.clear();
        emulator.clearFaults();
    }

    private ConfigurationClient clientFor(String identity) {
        TokenCredential credential = new ManagedIdentityCredentialBuilder().clientId(emulator.identity(identity).clientId()).build();
        return SdkClients.configurationClient(emulator, credential);
    }

    private String kvUrl(String key) {
        return emulator.appConfigurationEndpoint() + "/kv/" + key + "?api-version=2023-11-01";
    }

    private Map<String, String> bearer(String identity) {
        return Map.of("Authorization", "Bearer " + emulator.tokenFor(identity, emulator.appConfigurationResource()));
    }

    @Test
    void getWhenReaderIdentityThenSentinelIsReadable() {
        assertThat(clientFor("gateway").getConfigurationSetting(SENTINEL, null).getContentType()).isEqualTo("application/json");
        assertThat(clientFor("backend").getConfigurationSetting(SENTINEL, null).getValue()).matches("\"\\d+\"");
    }

    @Test
    void setWhenReaderIdentityThenForbiddenAndValueKept() {
        String before = emulator.policySentinel().orElseThrow();

        assertThatThrownBy(() -> clientFor("gateway").setConfigurationSetting(SENTINEL, null, "\"999\""))
            .isInstanceOfSatisfying(HttpResponseException.class, ex -> {
                assertThat(ex.getResponse().getStatusCode()).isEqualTo(403);
                assertThat(ex.getResponse().getHeaderValue("Content-Type")).startsWith("application/problem+json");
                assertThat(ex.getMessage()).contains("\"title\":\"Forbidden\"")
                    .contains(emulator.identity("gateway").objectId())
                    .contains("Microsoft.AppConfiguration/configurationStores/keyValues/write");
            });
        assertThat(emulator.policySentinel()).contains(before);
    }

    @Test
    void getWhenIdentityHasNoRoleThenForbidden() {
        assertThatThrownBy(() -> clientFor("intruder").getConfigurationSetting(SENTINEL, null))
            .isInstanceOfSatisfying(HttpResponseException.class, ex -> {
                assertThat(ex.getResponse().getStatusCode()).isEqualTo(403);
                assertThat(ex.getMessage()).contains(emulator.identity("intruder").objectId())
                    .contains("keyValues/read").contains("App Configuration Data Reader or Owner");
            });
    }

    @Test
    void getWhenNoTokenThenUnauthorizedWithTheServiceChallenge() {
        RawHttp.Response r = http.get(kvUrl(SENTINEL), Map.of());

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("HMAC-SHA256, Bearer");
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json()).containsEntry("title", "Unauthorized").containsEntry("status", 401L)
            .containsEntry("detail", "The request has no Authorization header with a Bearer token.");
    }

    @Test
    void getWhenTokenIsForAnotherResourceOrTenantThenInvalidToken() {
        RawHttp.Response vaultToken = http.get(kvUrl(SENTINEL), Map.of("Authorization", "Bearer "
                + emulator.tokenFor("operator", "https://vault.azure.net")));
        RawHttp.Response foreign = http.get(kvUrl(SENTINEL), bearer("foreign"));

        assertThat(vaultToken.status()).isEqualTo(401);
        assertThat(vaultToken.header("WWW-Authenticate"))
            .isEqualTo("HMAC-SHA256, Bearer error=\"invalid_token\", error_description=\"Authorization token failed validation\"");
        assertThat((String) vaultToken.json().get("detail")).contains("audience").contains("https://appconfig.azure.com");
        assertThat(foreign.status()).isEqualTo(401);
        assertThat(foreign.header("WWW-Authenticate")).contains("The access token is from the wrong issuer");
        assertThat((String) foreign.json().get("detail")).contains(emulator.issuer("home", 1));
    }

    @Test
    void getWhenLegacyAzconfigAudienceThenAccepted() {
        RawHttp.Response r = http.get(kvUrl(SENTINEL), Map.of("Authorization", "Bearer " + emulator.tokenFor("operator", "https://azconfig.io")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/vnd.microsoft.appconfig.kv+json");
        assertThat(r.header("ETag")).isEqualTo("\"" + r.json().get("etag") + "\"");
        assertThat(r.header("Last-Modified")).endsWith("GMT");
        assertThat(r.json()).containsEntry("key", SENTINEL).containsEntry("label", null).containsEntry("locked", false);
    }

    @Test
    void getWhenAccessKeyConnectionStringThenUnauthorizedAsLocalAuthIsDisabled() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        ConfigurationClient client = SdkClients.configurationClientBuilder(emulator)
            .connectionString("Endpoint=" + emulator.appConfigurationEndpoint() + ";Id=emulator-test;Secret="
                    + Base64.getEncoder().encodeToString(secret))
            .buildClient();

        assertThatThrownBy(() -> client.getConfigurationSetting(SENTINEL, null)).isInstanceOfSatisfying(HttpResponseException.class, ex -> {
            assertThat(ex.getResponse().getStatusCode()).isEqualTo(401);
            assertThat(ex.getResponse().getHeaderValue("WWW-Authenticate")).isEqualTo("HMAC-SHA256, Bearer");
            assertThat(ex.getMessage()).contains("Access key authentication is disabled");
        });
    }

    @Test
    void getWhenStoreIsDownThenSdkGets503AndAfterwardsTheValue() {
        ConfigurationClient client = SdkClients.configurationClientBuilder(emulator)
            .credential(new ManagedIdentityCredentialBuilder().clientId(emulator.identity("backend").clientId()).build())
            .retryOptions(new RetryOptions(new FixedDelayOptions(1, Duration.ofMillis(10))))
            .buildClient();
        emulator.fault(Faults.Target.APP_CONFIGURATION, Faults.Mode.UNAVAILABLE, Duration.ofSeconds(30));

        assertThatThrownBy(() -> client.getConfigurationSetting(SENTINEL, null)).isInstanceOfSatisfying(HttpResponseException.class, ex -> {
            assertThat(ex.getResponse().getStatusCode()).isEqualTo(503);
            assertThat(ex.getMessage()).contains("ServiceUnavailable").contains("Emulated outage of APP_CONFIGURATION");
        });
        emulator.clearFaults();
        assertThat(client.getConfigurationSetting(SENTINEL, null).getValue()).isNotBlank();
    }

    @Test
    void requestWhenApiVersionUnknownOrSyncTokenMalformedThenInvalidArgument() {
        RawHttp.Response version = http.get(emulator.appConfigurationEndpoint() + "/kv/" + SENTINEL + "?api-version=2099-01-01",
                bearer("operator"));
        Map<String, String> badSync = new java.util.HashMap<>(bearer("operator"));
        badSync.put("Sync-Token", "not-a-sync-token");
        RawHttp.Response sync = http.get(kvUrl(SENTINEL), badSync);
        Map<String, String> goodSync = new java.util.HashMap<>(bearer("operator"));
        goodSync.put("Sync-Token", "emulator=MDoyOA==;sn=28,other=eA==");

        assertThat(version.status()).isEqualTo(400);
        assertThat(version.json()).containsEntry("type", "https://azconfig.io/errors/invalid-argument")
            .containsEntry("name", "api-version").containsEntry("status", 400L);
        assertThat((String) version.json().get("detail")).contains("2023-11-01");
        assertThat(sync.status()).isEqualTo(400);
        assertThat(sync.json()).containsEntry("name", "Sync-Token");
        assertThat(http.get(kvUrl(SENTINEL), goodSync).status()).isEqualTo(200);
    }

    @Test
    void listWhenKeyFilterHasTooManyChoicesThenInvalidArgument() {
        RawHttp.Response r = http.get(emulator.appConfigurationEndpoint() + "/kv?key=a,b,c,d,e,f&api-version=2023-11-01",
                bearer("operator"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).containsEntry("name", "key").containsEntry("title", "Invalid request parameter 'key'");
    }

    @Test
    void getWhenOnTheHttpPortThenNotFoundNamingTheHttpsEndpoint() {
        RawHttp.Response r = http.get(emulator.authorityHost() + "/kv/" + SENTINEL + "?api-version=2023-11-01", bearer("operator"));

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).contains("App Configuration is served over HTTPS at " + emulator.appConfigurationEndpoint());
    }
}
