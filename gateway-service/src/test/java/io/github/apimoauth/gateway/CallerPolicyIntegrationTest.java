package io.github.apimoauth.gateway;

import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import io.github.apimoauth.azure.appconfig.PolicyStore;
import io.github.apimoauth.emulator.admin.Faults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway reading its caller policy from the emulator's App Configuration with its own managed identity, as in
 * Azure: a revocation written at the store (the sentinel bumped) refuses the next call; an outage of the store keeps
 * the policy in force and loses no valid call. Its own context (the other classes run without a store), closed after.
 */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class CallerPolicyIntegrationTest extends GatewayIntegrationTest {

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("AZURE_APPCONFIGURATION_ENDPOINT", emulator::appConfigurationEndpoint);
        registry.add("AZURE_APPCONFIGURATION_SSL_BUNDLE", () -> "keyvault");
        // Test-only: a check every half second, so the tests wait for the store's answer, not for an interval.
        registry.add("apim.policy.refresh-interval", () -> "500ms");
    }

    @Autowired
    PolicyStore policies;

    @BeforeEach
    void policyRead() {
        await(Duration.ofSeconds(30), () -> policies.current().isPresent()
                && client.get().uri("/readyz").exchange().returnResult(String.class).getStatus().value() == 200);
    }

    @AfterEach
    void storeUp() {
        emulator.clearFaults();
    }

    private WebTestClient.ResponseSpec call(String token) {
        return client.get().uri("/backend/items/" + UUID.randomUUID())
            .header("Ocp-Apim-Subscription-Key", primaryKey())
            .header("Authorization", "Bearer " + token)
            .exchange();
    }

    /** Waits until the gateway holds this policy version: a bounded poll of memory, never a timed sleep. */
    private void awaitVersion(String version) {
        await(Duration.ofSeconds(10), () -> policies.current().map(p -> p.version().equals(version)).orElse(false));
    }

    private static String uti(String token) throws ParseException {
        return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("uti");
    }

    @Test
    void callWhenApplicationRevokedAtTheStoreThen403NamingItWithThePolicyVersionLoggedAndServedAgainOnceRestored(
            CapturedOutput output) {
        String app = UUID.randomUUID().toString();
        String token = token(Map.of("azp", app));
        call(token).expectStatus().isOk();

        String revoked = emulator.revokeCaller("application", app, "integration test");
        try {
            awaitVersion(revoked);
            call(token).expectStatus().isForbidden()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"insufficient_scope\"")
                .expectBody(String.class)
                .isEqualTo("{\"statusCode\":403,\"message\":\"Client application " + app + " has been revoked. Access denied.\"}");
            assertThat(output).contains("reason=\"revoked-application:" + app + " (reason: integration test)\" policyVersion=" + revoked + " ");
        }
        finally {
            emulator.restoreCaller("application", app);
        }
        awaitVersion(emulator.policySentinel().orElseThrow().replace("\"", ""));
        call(token).expectStatus().isOk();
    }

    @Test
    void callWhenStoreDownThenThePolicyStaysInForceReadinessStaysUpAndNoValidCallIsLost() throws ParseException {
        String stolen = ownAppToken();
        String version = emulator.revokeCaller("token", uti(stolen));
        try {
            awaitVersion(version);
            emulator.fault(Faults.Target.APP_CONFIGURATION, Faults.Mode.UNAVAILABLE, Duration.ofSeconds(60));
            await(Duration.ofSeconds(30), () -> policies.status().staleSince() != null);

            client.get().uri("/readyz").exchange().expectStatus().isOk();
            for (int i = 0; i < 10; i++) {
                call(ownAppToken()).expectStatus().isOk().expectBody().json("{\"from\":\"backend\"}");
            }
            call(stolen).expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .expectBody(String.class)
                .isEqualTo("{\"statusCode\":401,\"message\":\"Token " + uti(stolen) + " has been revoked. Access denied.\"}");
            assertThat(policies.current().orElseThrow().version()).isEqualTo(version);

            emulator.clearFaults();
            await(Duration.ofSeconds(30), () -> !policies.status().degraded());
        }
        finally {
            emulator.clearFaults();
            emulator.restoreCaller("token", uti(stolen));
        }
    }
}
