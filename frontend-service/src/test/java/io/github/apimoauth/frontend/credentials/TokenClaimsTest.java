package io.github.apimoauth.frontend.credentials;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Decoding for display only: v1 and v2 caller claims, and no failure on a token that is not a JWT. */
class TokenClaimsTest {

    private final TokenClaims claims = new TokenClaims(JsonMapper.shared());

    @Test
    void readWhenV2TokenThenAppIdComesFromAzp() {
        BackendToken.Claims read = claims.read(jwt("{\"ver\":\"2.0\",\"azp\":\"app-2\",\"tid\":\"t\",\"oid\":\"o\",\"roles\":[\"Backend.Read\"]}"));

        assertThat(read).isEqualTo(new BackendToken.Claims("2.0", "app-2", "t", "o", List.of("Backend.Read")));
    }

    @Test
    void readWhenV1TokenThenAppIdComesFromAppid() {
        BackendToken.Claims read = claims.read(jwt("{\"ver\":\"1.0\",\"appid\":\"app-1\"}"));

        assertThat(read.appId()).isEqualTo("app-1");
        assertThat(read.version()).isEqualTo("1.0");
        assertThat(read.roles()).isEmpty();
    }

    @Test
    void readWhenTokenIsOpaqueThenEmptyClaims() {
        assertThat(claims.read("opaque-token").appId()).isNull();
        assertThat(claims.read("a.%%%.c").version()).isNull();
    }

    private static String jwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
