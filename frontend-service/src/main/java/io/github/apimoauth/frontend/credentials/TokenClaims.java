package io.github.apimoauth.frontend.credentials;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.github.apimoauth.entra.EntraCaller;

/**
 * Reads the payload of a JWT for the trace. No signature check on purpose: this is display, not trust. An opaque or
 * malformed token yields empty claims rather than an error, since the call itself may still succeed.
 */
final class TokenClaims {

    private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() { };

    private final JsonMapper json;

    TokenClaims(JsonMapper json) {
        this.json = json;
    }

    BackendToken.Claims read(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return new BackendToken.Claims(null, null, null, null, List.of());
        }
        try {
            Map<String, Object> payload = json.readValue(Base64.getUrlDecoder().decode(parts[1]), PAYLOAD);
            // The Entra rules (azp in v2, appid in v1; roles) are the gateway's and the backend's, from the shared library.
            EntraCaller caller = EntraCaller.fromClaims(payload);
            return new BackendToken.Claims(caller.tokenVersion(), caller.appId(), caller.tenantId(), caller.objectId(), caller.roles());
        }
        catch (IllegalArgumentException | JacksonException ex) {
            return new BackendToken.Claims(null, null, null, null, List.of());
        }
    }
}
