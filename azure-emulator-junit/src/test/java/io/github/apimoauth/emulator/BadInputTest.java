package io.github.apimoauth.emulator;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.entra.TokenMinter.MintRequest;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad request gets a clear 4xx JSON error, and the emulator keeps serving the next request. */
@ExtendWith(AzureEmulatorExtension.class)
class BadInputTest {

    private final AzureEmulator emulator;

    private final RawHttp http;

    private final String msi;

    private final String gatewayHeader;

    private final String backendApi;

    BadInputTest(AzureEmulator emulator) {
        this.emulator = emulator;
        this.http = new RawHttp(emulator);
        this.msi = emulator.identityEndpoint() + "?api-version=2019-08-01";
        this.gatewayHeader = emulator.identity("gateway").identityHeader();
        this.backendApi = "api://" + emulator.appId("backend-api");
    }

    @AfterEach
    void emulatorStillServes() {
        RawHttp.Response ok = http.get(msi + "&resource=" + backendApi, Map.of("X-IDENTITY-HEADER", gatewayHeader));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json()).containsKeys("access_token", "expires_on", "resource", "token_type", "client_id");
    }

    @Test
    void getTokenWhenIdentityHeaderMissingThen401Json() {
        RawHttp.Response r = http.get(msi + "&resource=" + backendApi, Map.of());

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).containsEntry("statusCode", 401L);
        assertThat((String) r.json().get("message")).contains("X-IDENTITY-HEADER");
    }

    @Test
    void getTokenWhenIdentityHeaderWrongThen401Json() {
        RawHttp.Response r = http.get(msi + "&resource=" + backendApi, Map.of("X-IDENTITY-HEADER", "guess"));

        assertThat(r.status()).isEqualTo(401);
        assertThat((String) r.json().get("message")).contains("not valid");
    }

    @Test
    void getTokenWhenResourceMissingThen400Json() {
        RawHttp.Response r = http.get(msi, Map.of("X-IDENTITY-HEADER", gatewayHeader));

        assertThat(r.status()).isEqualTo(400);
        assertThat((String) r.json().get("message")).contains("'resource' is missing");
    }

    @Test
    void getTokenWhenResourceUnknownThen400AadstsError() {
        RawHttp.Response r = http.get(msi + "&resource=api://nobody", Map.of("X-IDENTITY-HEADER", gatewayHeader));

        assertThat(r.status()).isEqualTo(400);
        assertThat((String) r.json().get("message")).startsWith("AADSTS500011").contains("api://nobody");
    }

    @Test
    void getTokenWhenClientIdUnknownThen400Json() {
        RawHttp.Response r = http.get(msi + "&resource=" + backendApi + "&client_id=00000000-0000-0000-0000-000000000000",
                Map.of("X-IDENTITY-HEADER", gatewayHeader));

        assertThat(r.status()).isEqualTo(400);
        assertThat((String) r.json().get("message")).contains("No managed identity found for client_id");
    }

    @Test
    void getTokenWhenClientIdNamesAnotherAppsIdentityThen400() {
        RawHttp.Response r = http.get(msi + "&resource=" + backendApi + "&client_id=" + emulator.identity("frontend").clientId(),
                Map.of("X-IDENTITY-HEADER", gatewayHeader));

        assertThat(r.status()).isEqualTo(400);
        assertThat((String) r.json().get("message")).contains("not assigned to this app");
    }

    @Test
    void getTokenWhenSharedHeaderAndClientIdThenThatIdentitysToken() {
        RawHttp.Response r = http.get(msi + "&resource=" + backendApi + "&client_id=" + emulator.identity("frontend").clientId(),
                Map.of("X-IDENTITY-HEADER", emulator.sharedIdentityHeader()));

        assertThat(r.status()).isEqualTo(200);
        assertThat(SdkClients.claims((String) r.json().get("access_token"))).containsEntry("oid", emulator.identity("frontend").objectId());
    }

    @Test
    void getTokenWhenQueryMalformedThen400Json() {
        RawHttp.Response wrongVersion = http.get(emulator.identityEndpoint() + "?api-version=1999-01-01&resource=" + backendApi,
                Map.of("X-IDENTITY-HEADER", gatewayHeader));
        RawHttp.Response repeated = http.get(msi + "&resource=" + backendApi + "&resource=" + backendApi,
                Map.of("X-IDENTITY-HEADER", gatewayHeader));
        RawHttp.Response badEscape = RawHttp.sendVerbatim(emulator.authorityHost(), "/msi/token?api-version=2019-08-01&resource=%ZZ",
                Map.of("X-IDENTITY-HEADER", gatewayHeader));

        assertThat(wrongVersion.status()).isEqualTo(400);
        assertThat((String) wrongVersion.json().get("message")).contains("api-version");
        assertThat(repeated.status()).isEqualTo(400);
        assertThat((String) repeated.json().get("message")).contains("repeated");
        assertThat(badEscape.status()).isEqualTo(400);
        assertThat(badEscape.header("content-type")).startsWith("application/json");
        assertThat(badEscape.body()).contains("BadParameter").contains("malformed");
    }

    @Test
    void getImdsTokenWhenMetadataHeaderMissingThen400ImdsError() {
        RawHttp.Response r = http.get(emulator.authorityHost() + "//metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                + backendApi + "&client_id=" + emulator.identity("gateway").clientId(), Map.of());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).containsEntry("error", "invalid_request");
    }

    @Test
    void getImdsTokenWhenPathHasDoubleSlashThenToken() {
        RawHttp.Response r = http.get(emulator.authorityHost() + "//metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                + backendApi + "&client_id=" + emulator.identity("gateway").clientId(), Map.of("Metadata", "true"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).containsKeys("access_token", "expires_on", "expires_in", "client_id");
    }

    @Test
    void getImdsTokenWhenIdentityHeaderWrongThen401EvenFromLoopback() {
        RawHttp.Response r = http.get(emulator.authorityHost() + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                + backendApi + "&client_id=" + emulator.identity("gateway").clientId(), Map.of("Metadata", "true", "X-IDENTITY-HEADER", "guess"));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).containsEntry("error", "unauthorized_client");
    }

    /** Routing decodes /%73ecrets to /secrets, so Key Vault's authentication and listener checks must as well. */
    @Test
    void getSecretWhenPathPercentEncodedThenSameChallengeAndSameSecretAsThePlainPath() {
        String encoded = emulator.vaultUrl() + "/%73ecrets/backend-function-key/?api-version=7.6";

        RawHttp.Response noToken = http.get(encoded, Map.of());
        RawHttp.Response withToken = http.get(encoded, bearer(emulator.tokenFor("gateway", "https://vault.azure.net")));

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.header("WWW-Authenticate")).startsWith("Bearer authorization=");
        assertThat(noToken.json().toString()).contains("AKV10000");
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withToken.json()).containsEntry("value", emulator.secretValue("backend-function-key"));
    }

    @Test
    void getSecretWhenPathPercentEncodedOnHttpPortThen404NamingHttps() {
        RawHttp.Response r = RawHttp.sendVerbatim(emulator.authorityHost(), "/%73ecrets/backend-function-key?api-version=7.6",
                bearer(emulator.tokenFor("gateway", "https://vault.azure.net")));

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().toString()).contains("HTTPS");
    }

    @Test
    void getSecretWhenNoTokenThen401WithChallenge() {
        RawHttp.Response r = http.get(emulator.vaultUrl() + "/secrets/backend-function-key/?api-version=7.6", Map.of());

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer authorization=\"" + emulator.authorityHost() + "/"
                + emulator.tenantId("home") + "\", resource=\"https://vault.azure.net\"");
        assertThat(r.json()).containsKey("error");
    }

    @Test
    void getSecretWhenTokenInvalidThen401NamingTheCheck() {
        String vaultUrl = emulator.vaultUrl() + "/secrets/backend-function-key/?api-version=7.6";
        String wrongAudience = emulator.tokenFor("gateway", backendApi);
        String foreignTenant = emulator.tokenFor("foreign", "https://vault.azure.net");
        String expired = emulator.mint(new MintRequest(null, "gateway", "https://vault.azure.net", null,
                Map.of("iat", java.time.Instant.now().minusSeconds(7200).getEpochSecond()), null, -3600L, -7200L, null));
        String untrusted = emulator.mint(new MintRequest(null, "gateway", "https://vault.azure.net", null, null, null, null, null, true));

        assertThat(error(http.get(vaultUrl, bearer("not-a-jwt")))).contains("malformed");
        assertThat(error(http.get(vaultUrl, bearer(wrongAudience)))).contains("AKV10022");
        assertThat(error(http.get(vaultUrl, bearer(foreignTenant)))).contains("AKV10032");
        assertThat(error(http.get(vaultUrl, bearer(expired)))).contains("expired");
        assertThat(error(http.get(vaultUrl, bearer(untrusted)))).contains("signature");
    }

    @Test
    void getSecretWhenApiVersionMissingOrNameInvalidThen400BadParameter() {
        Map<String, String> auth = bearer(emulator.tokenFor("gateway", "https://vault.azure.net"));

        RawHttp.Response noVersion = http.get(emulator.vaultUrl() + "/secrets/backend-function-key/", auth);
        RawHttp.Response badName = http.get(emulator.vaultUrl() + "/secrets/bad_name!/?api-version=7.6", auth);

        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.json().toString()).contains("BadParameter").contains("api-version");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().toString()).contains("BadParameter");
    }

    @Test
    void getSecretWhenSecretUnknownThen404SecretNotFound() {
        Map<String, String> auth = bearer(emulator.tokenFor("operator", "https://vault.azure.net"));

        RawHttp.Response r = http.get(emulator.vaultUrl() + "/secrets/does-not-exist/?api-version=7.6", auth);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().toString()).contains("SecretNotFound");
    }

    @Test
    void setSecretWhenBodyIsNotJsonThen400() {
        Map<String, String> headers = new java.util.HashMap<>(bearer(emulator.tokenFor("operator", "https://vault.azure.net")));
        headers.put("Content-Type", "application/json");

        RawHttp.Response r = http.send("PUT", emulator.vaultUrl() + "/secrets/json-test?api-version=7.6", headers, "{not json");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().toString()).contains("not valid JSON");
    }

    @Test
    void mintWhenBodyOversizedThen413Json() {
        String huge = "{\"claims\":{\"pad\":\"" + "x".repeat(200_000) + "\"}}";

        RawHttp.Response r = http.send("POST", emulator.authorityHost() + "/_emulator/tokens", Map.of("Content-Type", "application/json"), huge);

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().toString()).contains("RequestTooLarge");
    }

    @Test
    void mintWhenChunkedBodyOversizedThen413Json() throws Exception {
        String huge = "{\"claims\":{\"pad\":\"" + "x".repeat(200_000) + "\"}}";
        // No Content-Length: the body arrives chunked, so only the codec limit can stop it.
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.authorityHost() + "/_emulator/tokens"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.fromPublisher(java.net.http.HttpRequest.BodyPublishers.ofString(huge)))
            .build();

        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("RequestTooLarge");
    }

    @Test
    void mintWhenBodyIsInvalidJsonOrNamesUnknownIdentityThen400() {
        RawHttp.Response invalid = http.send("POST", emulator.authorityHost() + "/_emulator/tokens",
                Map.of("Content-Type", "application/json"), "{\"identity\":");
        RawHttp.Response unknown = http.send("POST", emulator.authorityHost() + "/_emulator/tokens",
                Map.of("Content-Type", "application/json"), "{\"identity\":\"nobody\"}");

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().toString()).contains("not valid JSON");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().toString()).contains("Unknown identity");
    }

    @Test
    void discoveryWhenTenantUnknownThen400AndVaultPathOnHttpPortThen404() {
        RawHttp.Response tenant = http.get(emulator.authorityHost() + "/nobody/v2.0/.well-known/openid-configuration", Map.of());
        RawHttp.Response vaultOnHttp = http.get(emulator.authorityHost() + "/secrets/backend-function-key?api-version=7.6", Map.of());

        assertThat(tenant.status()).isEqualTo(400);
        assertThat(tenant.json()).containsEntry("error", "invalid_tenant");
        assertThat(vaultOnHttp.status()).isEqualTo(404);
        assertThat(vaultOnHttp.json().toString()).contains("HTTPS");
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String error(RawHttp.Response r) {
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer authorization=");
        return r.json().toString();
    }
}
