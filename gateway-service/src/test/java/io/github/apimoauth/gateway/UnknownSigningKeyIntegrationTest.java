package io.github.apimoauth.gateway;

import java.util.Map;
import java.util.UUID;

import io.github.apimoauth.emulator.entra.TokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream of tokens signed with made-up key ids is a forgery attempt, not a gateway fault: each gets a plain 401
 * invalid_token with a message saying what is wrong, and together they leave one WARN line, never an ERROR or a stack
 * trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownSigningKeyIntegrationTest extends GatewayIntegrationTest {

    private static final String UNKNOWN_KEY = "{\"statusCode\":401,\"message\":\"Invalid JWT. The token's signing key is not "
            + "one of the tenant's keys.\"}";

    @Test
    void getWhenBurstOfUnknownKidTokensThenOnly401InvalidTokenAndOneWarnLineWithoutError(CapturedOutput output) {
        int before = output.getAll().length();

        for (int i = 0; i < 30; i++) {
            String forged = emulator.mint(new TokenMinter.MintRequest(null, "frontend", audience(), null,
                    Map.of("azp", UUID.randomUUID().toString()), Map.of("kid", UUID.randomUUID().toString()), null, null, null));
            client.get().uri("/backend/unknown-kid/" + i)
                .header("Ocp-Apim-Subscription-Key", primaryKey())
                .headers(h -> h.setBearerAuth(forged))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .expectBody(String.class).isEqualTo(UNKNOWN_KEY);
        }

        String logged = output.getAll().substring(before);
        assertThat(logged).doesNotContain(" ERROR ").doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(logged.lines().filter(l -> l.contains("policy=validate-azure-ad-token"))).hasSize(1)
            .allMatch(l -> l.contains(" WARN ") && l.contains("decision=denied") && l.contains("signing key")
                    && l.contains("similarRefusals="));
        get200WithAKnownKey();
    }

    private void get200WithAKnownKey() {
        client.get().uri("/backend/unknown-kid/ok")
            .header("Ocp-Apim-Subscription-Key", primaryKey())
            .headers(h -> h.setBearerAuth(ownAppToken()))
            .exchange()
            .expectStatus().isOk();
    }
}
