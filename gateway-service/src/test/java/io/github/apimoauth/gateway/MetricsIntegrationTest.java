package io.github.apimoauth.gateway;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policies' meters, read as an operator reads them: {@code /actuator/prometheus} on the management port. Each
 * refusal counts once under its policy and reason; an allowed call counts in every policy and in the chain's timer.
 */
class MetricsIntegrationTest extends GatewayIntegrationTest {

    @LocalManagementPort
    private int managementPort;

    private String scrape() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build()
            .get().uri("/actuator/prometheus").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();
    }

    /** The sample of this series in a scrape; 0 when the series is not there yet. */
    static double sample(String scrape, String name, Map<String, String> labels) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(scrape);
        while (line.find()) {
            String found = line.group(1);
            if (labels.entrySet().stream().allMatch(l -> found.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }

    private static double decisions(String scrape, String policy, String outcome, String reason) {
        return sample(scrape, "apim_policy_decisions_total", Map.of("policy", policy, "outcome", outcome, "reason", reason));
    }

    private WebTestClient.ResponseSpec get(String key, String token) {
        return client.get().uri("/backend/items/" + UUID.randomUUID()).headers(h -> {
            if (key != null) {
                h.set("Ocp-Apim-Subscription-Key", key);
            }
            if (token != null) {
                h.setBearerAuth(token);
            }
        }).exchange();
    }

    @Test
    void getWhenSubscriptionKeyMissingThenCountedOnceAsMissingKey() {
        double before = decisions(scrape(), "subscription-key", "denied", "missing_key");

        get(null, frontendToken()).expectStatus().isUnauthorized();

        assertThat(decisions(scrape(), "subscription-key", "denied", "missing_key")).isEqualTo(before + 1);
    }

    @Test
    void getWhenSubscriptionKeyWrongThenCountedAsInvalidKey() {
        double before = decisions(scrape(), "subscription-key", "denied", "invalid_key");

        get("not-a-key-" + UUID.randomUUID(), frontendToken()).expectStatus().isUnauthorized();

        assertThat(decisions(scrape(), "subscription-key", "denied", "invalid_key")).isEqualTo(before + 1);
    }

    @Test
    void getWhenTokenForAnotherAudienceThenCountedAsAudience() {
        // Valid, from the right tenant, but for Key Vault.
        String otherAudience = emulator.tokenFor("frontend", "https://vault.azure.net");
        double before = decisions(scrape(), "validate-azure-ad-token", "denied", "audience");

        get(primaryKey(), otherAudience).expectStatus().isUnauthorized()
            .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"");

        assertThat(decisions(scrape(), "validate-azure-ad-token", "denied", "audience")).isEqualTo(before + 1);
    }

    @Test
    void getWhenTokenFromForeignTenantThenCountedAsIssuer() {
        double before = decisions(scrape(), "validate-azure-ad-token", "denied", "issuer");

        get(primaryKey(), emulator.tokenFor("foreign", audience())).expectStatus().isUnauthorized();

        assertThat(decisions(scrape(), "validate-azure-ad-token", "denied", "issuer")).isEqualTo(before + 1);
    }

    @Test
    void getWhenTokenMissingThenCountedAsMissingToken() {
        double before = decisions(scrape(), "validate-azure-ad-token", "denied", "missing_token");

        get(primaryKey(), null).expectStatus().isUnauthorized();

        assertThat(decisions(scrape(), "validate-azure-ad-token", "denied", "missing_token")).isEqualTo(before + 1);
    }

    @Test
    void getWhenAllowedThenEveryPolicyCountsItAndTheChainIsTimed() {
        String before = scrape();
        Map<String, String> allowedChain = Map.of("outcome", "allowed");

        get(primaryKey(), ownAppToken()).expectStatus().isOk();

        String after = scrape();
        for (String policy : new String[] { "subscription-key", "validate-azure-ad-token", "rate-limit-by-key",
                "set-backend-function-key" }) {
            assertThat(decisions(after, policy, "allowed", "none")).as(policy).isEqualTo(decisions(before, policy, "allowed", "none") + 1);
        }
        assertThat(sample(after, "apim_policy_chain_seconds_count", allowedChain))
            .isEqualTo(sample(before, "apim_policy_chain_seconds_count", allowedChain) + 1);
        // Buckets, for histogram_quantile(): the p50/p99 of the chain across replicas.
        assertThat(after).contains("apim_policy_chain_seconds_bucket{outcome=\"allowed\",le=\"1.0E-5\"}");
    }

    @Test
    void getWhenRefusedThenTheChainIsTimedAsDenied() {
        Map<String, String> deniedChain = Map.of("outcome", "denied");
        double before = sample(scrape(), "apim_policy_chain_seconds_count", deniedChain);

        get(null, null).expectStatus().isUnauthorized();

        assertThat(sample(scrape(), "apim_policy_chain_seconds_count", deniedChain)).isEqualTo(before + 1);
    }

    @Test
    void getPrometheusWhenScrapedThenCacheAgesAndAzureCallsWithoutSecretValues() {
        String scrape = scrape();

        assertThat(scrape).contains("azure_keyvault_secret_age_seconds{secret=\"apim-subscription-key-primary\"}")
            .contains("azure_keyvault_secret_last_known_good{secret=\"backend-function-key\"} 0.0")
            .contains("entra_jwks_age_seconds ").contains("entra_jwks_last_known_good 0.0")
            .contains("entra_jwks_fetches_total{outcome=\"success\"}")
            .contains("azure_calls_total{dependency=\"key_vault\",outcome=\"success\"}")
            .contains("azure_calls_total{dependency=\"identity\",outcome=\"success\"}")
            .contains("caller_policy_last_known_good");
        assertThat(sample(scrape, "azure_calls_total", Map.of("dependency", "key_vault", "outcome", "success"))).isPositive();
        assertThat(scrape).doesNotContain(primaryKey()).doesNotContain(secondaryKey())
            .doesNotContain(emulator.secretValue("backend-function-key"));
    }

    @Test
    void getWhenAllowedThenTimedAsHttpServerRequestWithoutAnInFlightLongTaskTimer() {
        get(primaryKey(), ownAppToken()).expectStatus().isOk();

        String scrape = scrape();
        assertThat(sample(scrape, "http_server_requests_seconds_count", Map.of("status", "200"))).isPositive();
        // TracingEnvironment's default: starting and stopping it on every request cost about 1% of the gateway's CPU.
        assertThat(scrape).doesNotContain("http_server_requests_active");
    }

    @Test
    void getActuatorThroughTheRouteThenTheBackendAnswersNotTheGateway() {
        String body = client.get().uri("/backend/actuator/prometheus").headers(h -> {
            h.set("Ocp-Apim-Subscription-Key", primaryKey());
            h.setBearerAuth(ownAppToken());
        }).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        // The route forwards to the backend's API port (here a stub): never to the gateway's own actuator.
        assertThat(body).isEqualTo("{\"from\":\"backend\"}");
        assertThat(backendRequest("/actuator/prometheus")).isNotNull();
    }
}
