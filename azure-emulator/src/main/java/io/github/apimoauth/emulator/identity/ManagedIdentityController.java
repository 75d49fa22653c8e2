package io.github.apimoauth.emulator.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.apimoauth.emulator.counters.Counters;
import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.entra.TokenFactory;
import io.github.apimoauth.emulator.web.ApiException;
import io.github.apimoauth.emulator.web.Requests;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two managed-identity protocols azure-identity (through MSAL4J) speaks: App Service / Container Apps, found
 * through IDENTITY_ENDPOINT and IDENTITY_HEADER, and IMDS, found through AZURE_POD_IDENTITY_AUTHORITY_HOST. Bad
 * requests get a 4xx in the protocol's own error shape; 5xx is kept for injected outages, which MSAL retries.
 * Neither hands a token to a caller that proves nothing: /msi/token wants an identity header, IMDS a loopback caller
 * or an identity header.
 */
@RestController
class ManagedIdentityController {

    private static final Set<String> IMDS_API_VERSIONS = Set.of("2018-02-01", "2019-08-01", "2021-02-01");

    private final Directory directory;

    private final IdentityHeaders headers;

    private final TokenFactory tokens;

    private final Counters counters;

    private final String imdsDefaultIdentity;

    ManagedIdentityController(Directory directory, IdentityHeaders headers, TokenFactory tokens, Counters counters,
            EmulatorProperties properties) {
        this.directory = directory;
        this.headers = headers;
        this.tokens = tokens;
        this.counters = counters;
        this.imdsDefaultIdentity = properties.getManagedIdentity().getImdsDefaultIdentity();
    }

    /** App Service / Container Apps: GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=…[&client_id=…]. */
    @GetMapping("/msi/token")
    Map<String, Object> appService(@RequestParam MultiValueMap<String, String> query,
            @RequestHeader(name = "X-IDENTITY-HEADER", required = false) String identityHeader) {
        Optional<String> owner = headers.owner(identityHeader);
        if (owner.isEmpty()) {
            throw appServiceError(HttpStatus.UNAUTHORIZED, identityHeader == null
                    ? "The X-IDENTITY-HEADER header is missing. Send the value of IDENTITY_HEADER."
                    : "The X-IDENTITY-HEADER value is not valid for this endpoint.");
        }
        String apiVersion = single(query, "api-version", true, this::appServiceError);
        if (!"2019-08-01".equals(apiVersion)) {
            throw appServiceError(HttpStatus.BAD_REQUEST, "Unsupported api-version '" + apiVersion + "'; use 2019-08-01.");
        }
        String resource = single(query, "resource", true, this::appServiceError);
        Directory.Identity identity = select(query, this::appServiceError)
            .or(() -> owner.filter(o -> !IdentityHeaders.SHARED.equals(o)).flatMap(directory::findIdentity))
            .orElseThrow(() -> appServiceError(HttpStatus.BAD_REQUEST,
                    "No identity selected: this header is shared, so send client_id, object_id or mi_res_id."));
        if (!IdentityHeaders.SHARED.equals(owner.get()) && !owner.get().equals(identity.name())) {
            throw appServiceError(HttpStatus.BAD_REQUEST,
                    "The requested identity is not assigned to this app. Remove client_id or use the identity's own IDENTITY_HEADER.");
        }
        Directory.App app = directory.appForResource(resource).orElseThrow(() -> appServiceError(HttpStatus.BAD_REQUEST,
                unknownResource(resource, identity)));
        return tokenResponse(identity, app, resource, false);
    }

    /**
     * IMDS: GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=… with Metadata: true. Azure's IMDS
     * answers only the VM it runs on, and its protocol carries no secret; here, that means a loopback caller. A
     * caller on another host must also send a valid X-IDENTITY-HEADER, which then limits it to that header's
     * identity, exactly as on {@code /msi/token}. The check needs no path: it runs in the handler routing chose.
     */
    @GetMapping("/metadata/identity/oauth2/token")
    Map<String, Object> imds(@RequestParam MultiValueMap<String, String> query,
            @RequestHeader(name = "Metadata", required = false) String metadata,
            @RequestHeader(name = "X-IDENTITY-HEADER", required = false) String identityHeader, ServerHttpRequest request) {
        Optional<String> owner = headers.owner(identityHeader);
        if (identityHeader != null && owner.isEmpty()) {
            throw imdsError(HttpStatus.UNAUTHORIZED, "unauthorized_client", "The X-IDENTITY-HEADER value is not valid for this endpoint.");
        }
        if (owner.isEmpty() && !Requests.fromLoopback(request)) {
            throw imdsError(HttpStatus.FORBIDDEN, "access_denied", "IMDS answers callers on the emulator's own host only. "
                    + "From another host, send X-IDENTITY-HEADER with the value of IDENTITY_HEADER, or use IDENTITY_ENDPOINT.");
        }
        if (!"true".equalsIgnoreCase(metadata)) {
            throw imdsError(HttpStatus.BAD_REQUEST, "invalid_request", "Required metadata header not specified");
        }
        ErrorFactory errors = (s, m) -> imdsError(s, "invalid_request", m);
        String apiVersion = single(query, "api-version", true, errors);
        if (!IMDS_API_VERSIONS.contains(apiVersion)) {
            throw imdsError(HttpStatus.BAD_REQUEST, "invalid_request", "Invalid api-version '" + apiVersion + "'");
        }
        String resource = single(query, "resource", true, errors);
        Directory.Identity identity = select(query, errors)
            .or(() -> owner.filter(o -> !IdentityHeaders.SHARED.equals(o)).flatMap(directory::findIdentity))
            .or(() -> imdsDefaultIdentity.isBlank() ? Optional.empty() : directory.findIdentity(imdsDefaultIdentity))
            .orElseThrow(() -> imdsError(HttpStatus.BAD_REQUEST, "invalid_request",
                    "Identity not found: no system-assigned identity; send client_id, object_id or msi_res_id."));
        if (owner.isPresent() && !IdentityHeaders.SHARED.equals(owner.get()) && !owner.get().equals(identity.name())) {
            throw imdsError(HttpStatus.BAD_REQUEST, "invalid_request",
                    "The requested identity is not assigned to this app. Remove client_id or use the identity's own IDENTITY_HEADER.");
        }
        Directory.App app = directory.appForResource(resource)
            .orElseThrow(() -> imdsError(HttpStatus.BAD_REQUEST, "invalid_resource", unknownResource(resource, identity)));
        return tokenResponse(identity, app, resource, true);
    }

    private Map<String, Object> tokenResponse(Directory.Identity identity, Directory.App app, String resource, boolean imds) {
        counters.tokenRequest(identity.name(), resource);
        TokenFactory.Issued issued = tokens.issue(identity, app, resource, directory.rolesOf(identity, app));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        // Azure sends epoch seconds as strings; MSAL parses either.
        body.put("expires_on", String.valueOf(issued.expiresOn().getEpochSecond()));
        if (imds) {
            body.put("refresh_token", "");
            body.put("expires_in", String.valueOf(tokens.lifetime().toSeconds()));
            body.put("ext_expires_in", String.valueOf(tokens.lifetime().toSeconds()));
            body.put("not_before", String.valueOf(issued.expiresOn().minus(tokens.lifetime()).getEpochSecond()));
        }
        body.put("resource", resource);
        body.put("token_type", "Bearer");
        body.put("client_id", issued.clientId());
        return body;
    }

    private Optional<Directory.Identity> select(MultiValueMap<String, String> query, ErrorFactory errors) {
        for (String parameter : new String[] { "client_id", "object_id", "mi_res_id", "msi_res_id" }) {
            String value = single(query, parameter, false, errors);
            if (value != null) {
                return Optional.of(directory.findIdentityById(value)
                    .orElseThrow(() -> errors.create(HttpStatus.BAD_REQUEST,
                            "No managed identity found for " + parameter + " '" + value + "'.")));
            }
        }
        return Optional.empty();
    }

    private static String single(MultiValueMap<String, String> query, String name, boolean required, ErrorFactory errors) {
        java.util.List<String> values = query.get(name);
        if (values == null || values.isEmpty() || values.get(0).isBlank()) {
            if (required) {
                throw errors.create(HttpStatus.BAD_REQUEST, "Required query parameter '" + name + "' is missing.");
            }
            return null;
        }
        if (values.size() > 1) {
            throw errors.create(HttpStatus.BAD_REQUEST, "Query parameter '" + name + "' is repeated.");
        }
        return values.get(0);
    }

    private static String unknownResource(String resource, Directory.Identity identity) {
        return "AADSTS500011: The resource principal named " + resource + " was not found in the tenant named "
                + identity.tenant().id() + ".";
    }

    private ApiException appServiceError(HttpStatus status, String message) {
        return new ApiException(status, Map.of("statusCode", status.value(), "message", message,
                "correlationId", java.util.UUID.randomUUID().toString()));
    }

    private static ApiException imdsError(HttpStatus status, String error, String description) {
        return new ApiException(status, Map.of("error", error, "error_description", description));
    }

    @FunctionalInterface
    private interface ErrorFactory {

        ApiException create(HttpStatus status, String message);
    }
}
