package io.github.apimoauth.frontend.credentials;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the payload of a JWT for the trace. No signature check on purpose: this is display, not trust. An opaque or
 * malformed token yields empty claims rather than an error, since the call itself may still succeed.
 */
final class TokenClaims {

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
            JsonNode payload = json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            // v2 tokens name the caller azp, v1 tokens appid.
            String appId = text(payload, "azp") != null ? text(payload, "azp") : text(payload, "appid");
            return new BackendToken.Claims(text(payload, "ver"), appId, text(payload, "tid"), text(payload, "oid"),
                    roles(payload.path("roles")));
        }
        catch (IllegalArgumentException | JacksonException ex) {
            return new BackendToken.Claims(null, null, null, null, List.of());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() ? value.asString() : null;
    }

    private static List<String> roles(JsonNode roles) {
        List<String> out = new ArrayList<>();
        if (roles.isArray()) {
            roles.forEach(role -> out.add(role.asString()));
        }
        return List.copyOf(out);
    }
}
