package io.github.apimoauth.emulator;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.entra.TokenMinter.MintRequest;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stock OIDC validator that knows only the issuer URL accepts the emulator's tokens, with no Entra-specific code. */
@ExtendWith(AzureEmulatorExtension.class)
class StockValidatorTest {

    private final AzureEmulator emulator;

    StockValidatorTest(AzureEmulator emulator) {
        this.emulator = emulator;
    }

    @Test
    void decodeWhenV2TokenAndDecoderFromV2IssuerThenValid() {
        JwtDecoder decoder = JwtDecoders.fromIssuerLocation(emulator.issuer("home", 2));

        Jwt jwt = decoder.decode(emulator.tokenFor("frontend", "api://" + emulator.appId("backend-api")));

        assertThat(jwt.getIssuer()).hasToString(emulator.issuer("home", 2));
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("Backend.Read");
    }

    @Test
    void decodeWhenV1TokenAndDecoderFromV1IssuerThenValid() {
        JwtDecoder decoder = JwtDecoders.fromIssuerLocation(emulator.issuer("home", 1));

        Jwt jwt = decoder.decode(emulator.tokenFor("gateway", "https://vault.azure.net"));

        assertThat(jwt.getIssuer()).hasToString(emulator.issuer("home", 1));
        assertThat(jwt.getClaimAsString("appid")).isEqualTo(emulator.identity("gateway").clientId());
    }

    @Test
    void decodeWhenTokenIsFromForeignTenantThenIssuerIsRejected() {
        JwtDecoder decoder = JwtDecoders.fromIssuerLocation(emulator.issuer("home", 2));
        String foreign = emulator.tokenFor("foreign", "api://" + emulator.appId("backend-api"));

        // Keys are shared across tenants, as in Entra: the signature is valid and only the exact issuer keeps it out.
        assertThatThrownBy(() -> decoder.decode(foreign)).isInstanceOf(JwtValidationException.class).hasMessageContaining("iss");
    }

    @Test
    void decodeWhenExpiredThenRejected() {
        JwtDecoder decoder = JwtDecoders.fromIssuerLocation(emulator.issuer("home", 2));
        long twoHoursAgo = java.time.Instant.now().minusSeconds(7200).getEpochSecond();
        String expired = emulator.mint(new MintRequest(null, "frontend", "api://" + emulator.appId("backend-api"), null,
                Map.of("iat", twoHoursAgo), null, -3600L, -7200L, null));

        assertThatThrownBy(() -> decoder.decode(expired)).isInstanceOf(JwtValidationException.class).hasMessageContaining("expired");
    }

    @Test
    void decodeWhenSignedWithUntrustedKeyThenRejected() {
        JwtDecoder decoder = JwtDecoders.fromIssuerLocation(emulator.issuer("home", 2));
        String forged = emulator.mint(new MintRequest(null, "frontend", "api://" + emulator.appId("backend-api"), null,
                Map.of("roles", java.util.List.of("Backend.Write")), Map.of("kid", emulator.signingKeys().get(0).kid()), null, null, true));

        assertThatThrownBy(() -> decoder.decode(forged)).hasMessageContaining("signature");
    }
}
