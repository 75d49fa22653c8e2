package io.github.apimoauth.emulator.entra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.apimoauth.emulator.counters.Counters;
import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.keys.SigningKeys;
import io.github.apimoauth.emulator.web.ApiException;
import io.github.apimoauth.emulator.web.EmulatorUrls;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Entra ID's OIDC discovery documents and JWKS. Each discovery document's issuer equals the iss of the tokens of its
 * version, so a stock validator given only the issuer URL validates them.
 */
@RestController
class OpenIdController {

    private final Directory directory;

    private final SigningKeys keys;

    private final EmulatorUrls urls;

    private final Counters counters;

    OpenIdController(Directory directory, SigningKeys keys, EmulatorUrls urls, Counters counters) {
        this.directory = directory;
        this.keys = keys;
        this.urls = urls;
        this.counters = counters;
    }

    @GetMapping("/{tenant}/v2.0/.well-known/openid-configuration")
    Map<String, Object> discoveryV2(@PathVariable String tenant) {
        Directory.Tenant t = tenant(tenant);
        counters.discoveryFetch(t.id() + "/v2.0");
        String authority = urls.authority(t);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("token_endpoint", authority + "/oauth2/v2.0/token");
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt", "client_secret_basic"));
        doc.put("jwks_uri", authority + "/discovery/v2.0/keys");
        doc.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        doc.put("subject_types_supported", List.of("pairwise"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
        doc.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        doc.put("issuer", urls.issuer(t, 2));
        doc.put("authorization_endpoint", authority + "/oauth2/v2.0/authorize");
        doc.put("tenant_region_scope", "EU");
        doc.put("cloud_instance_name", "emulator.local");
        return doc;
    }

    @GetMapping("/{tenant}/.well-known/openid-configuration")
    Map<String, Object> discoveryV1(@PathVariable String tenant) {
        Directory.Tenant t = tenant(tenant);
        counters.discoveryFetch(t.id() + "/v1");
        String authority = urls.authority(t);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("token_endpoint", authority + "/oauth2/token");
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt", "client_secret_basic"));
        // As in Entra, v1 keys live at the common endpoint: the key set is the same for every tenant.
        doc.put("jwks_uri", urls.baseUrl() + "/common/discovery/keys");
        doc.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        doc.put("subject_types_supported", List.of("pairwise"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("response_types_supported", List.of("code", "id_token", "code id_token", "token id_token", "token"));
        doc.put("scopes_supported", List.of("openid"));
        doc.put("issuer", urls.issuer(t, 1));
        doc.put("authorization_endpoint", authority + "/oauth2/authorize");
        doc.put("tenant_region_scope", "EU");
        doc.put("cloud_instance_name", "emulator.local");
        return doc;
    }

    @GetMapping({ "/{tenant}/discovery/v2.0/keys", "/{tenant}/discovery/keys" })
    Map<String, Object> keys(@PathVariable String tenant) {
        if (!"common".equals(tenant) && !"organizations".equals(tenant)) {
            tenant = tenant(tenant).id();
        }
        counters.jwksFetch(tenant);
        return keys.publicJwks().toJSONObject(true);
    }

    @PostMapping({ "/{tenant}/oauth2/v2.0/token", "/{tenant}/oauth2/token" })
    Map<String, Object> token(@PathVariable String tenant) {
        // No client secrets or certificates exist here: the zero-secret chain only uses managed identities.
        throw new ApiException(HttpStatus.BAD_REQUEST, Map.of("error", "unauthorized_client", "error_description",
                "AADSTS700016: The emulator issues app tokens through the managed-identity endpoints only; "
                        + "use ManagedIdentityCredential or DefaultAzureCredential."));
    }

    private Directory.Tenant tenant(String tenant) {
        return directory.findTenant(tenant)
            .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, Map.of("error", "invalid_tenant", "error_description",
                    "AADSTS90002: Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID.")));
    }
}
