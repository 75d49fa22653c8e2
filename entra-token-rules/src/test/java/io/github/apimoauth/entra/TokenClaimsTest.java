package io.github.apimoauth.entra;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direct claim reads that spare the token rules Spring Security's conversion service must read every shape exactly
 * as the accessors do: the decoders' shapes directly, any other through the accessor.
 */
class TokenClaimsTest {

    private static Jwt jwt(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256");
        claims.forEach(builder::claim);
        return builder.build();
    }

    @Test
    void readWhenClaimsHaveTheDecodersShapesThenTheAccessorsValues() {
        Instant exp = Instant.now().plusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        Jwt jwt = jwt(Map.of("iss", "https://issuer/v2.0", "aud", List.of("api://a", "b"), "exp", exp));

        assertThat(TokenClaims.string(jwt, "iss")).isEqualTo(jwt.getClaimAsString("iss"));
        assertThat(TokenClaims.strings(jwt, "aud")).isEqualTo(jwt.getAudience()).containsExactly("api://a", "b");
        assertThat(TokenClaims.instant(jwt, "exp")).isEqualTo(jwt.getExpiresAt()).isEqualTo(exp);
        assertThat(TokenClaims.string(jwt, "absent")).isNull();
        assertThat(TokenClaims.strings(jwt, "absent")).isNull();
        assertThat(TokenClaims.instant(jwt, "absent")).isNull();
    }

    @Test
    void readWhenClaimsHaveOtherShapesThenConvertedAsTheAccessorsConvertThem() {
        // The builder holds exp, nbf and iat as Instants only; a time claim of its own shows the conversion.
        long authTime = Instant.now().minusSeconds(600).getEpochSecond();
        Jwt jwt = jwt(Map.of("iss", URI.create("https://issuer/v2.0"), "aud", new LinkedHashSet<>(List.of("x", "y")),
                "single", "only", "auth_time", authTime, "mixed", List.of("a", 1)));

        assertThat(TokenClaims.string(jwt, "iss")).isEqualTo(jwt.getClaimAsString("iss")).isEqualTo("https://issuer/v2.0");
        assertThat(TokenClaims.strings(jwt, "aud")).isEqualTo(jwt.getAudience()).containsExactly("x", "y");
        assertThat(TokenClaims.strings(jwt, "single")).isEqualTo(jwt.getClaimAsStringList("single")).containsExactly("only");
        assertThat(TokenClaims.strings(jwt, "mixed")).isEqualTo(jwt.getClaimAsStringList("mixed"));
        assertThat(TokenClaims.instant(jwt, "auth_time")).isEqualTo(jwt.getClaimAsInstant("auth_time"))
            .isEqualTo(Instant.ofEpochSecond(authTime));
    }
}
