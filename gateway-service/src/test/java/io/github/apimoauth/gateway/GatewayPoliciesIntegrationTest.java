package io.github.apimoauth.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.apimoauth.emulator.entra.TokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Every policy of the default route, end to end: real tokens and Key Vault secrets from the emulator, a WireMock backend. */
@ExtendWith(OutputCaptureExtension.class)
class GatewayPoliciesIntegrationTest extends GatewayIntegrationTest {

    private static final String MISSING_KEY = "{\"statusCode\":401,\"message\":\"Access denied due to missing subscription key. "
            + "Make sure to include subscription key when making requests to this API.\"}";

    private static final String INVALID_KEY = "{\"statusCode\":401,\"message\":\"Access denied due to invalid subscription key. "
            + "Make sure to provide a valid key for an active subscription.\"}";

    private static String path() {
        return "/items/" + UUID.randomUUID();
    }

    private WebTestClient.ResponseSpec get(String uri, String key, String token) {
        return client.get().uri(uri).headers(h -> {
            if (key != null) {
                h.set("Ocp-Apim-Subscription-Key", key);
            }
            if (token != null) {
                h.setBearerAuth(token);
            }
        }).exchange();
    }

    private static void assertNoSecretIn(String body, String... secrets) {
        for (String secret : secrets) {
            assertThat(body).doesNotContain(secret);
        }
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void getWhenKeyAndTokenValidThenBackendGetsGatewayKeyAndSameTokenOnly() {
        String path = path();
        String token = frontendToken();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        client.get().uri("/backend" + path + "?code=client-code&q=1")
            .header("Ocp-Apim-Subscription-Key", primaryKey())
            .header("Authorization", "Bearer " + token)
            .header("x-functions-key", "client-supplied")
            .header("X-MS-CLIENT-PRINCIPAL", "e30=")
            .header("X-MS-CLIENT-PRINCIPAL-ID", "spoofed")
            .header("traceparent", traceparent)
            .exchange()
            .expectStatus().isOk()
            .expectHeader().valueEquals("x-request-id", "4bf92f3577b34da6a3ce929d0e0e4736")
            .expectBody().json("{\"from\":\"backend\"}");

        LoggedRequest forwarded = backendRequest(path);
        assertThat(forwarded.getHeaders().getHeader("x-functions-key").values()).containsExactly(emulator.secretValue("backend-function-key"));
        assertThat(forwarded.getHeader("Authorization")).isEqualTo("Bearer " + token);
        assertThat(forwarded.containsHeader("Ocp-Apim-Subscription-Key")).isFalse();
        assertThat(forwarded.getAllHeaderKeys()).noneMatch(h -> h.toLowerCase().startsWith("x-ms-client-principal"));
        assertThat(forwarded.getUrl()).isEqualTo(path + "?q=1");
        // The caller's trace, with the gateway's span as the backend's parent.
        assertThat(forwarded.getHeader("traceparent")).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")
            .isNotEqualTo(traceparent);
    }

    @Test
    void getWhenCallerSendsNoTraceparentThenBackendGetsTheTraceTheGatewayReturns() {
        String path = path();

        String requestId = client.get().uri("/backend" + path)
            .header("Ocp-Apim-Subscription-Key", primaryKey())
            .headers(h -> h.setBearerAuth(ownAppToken()))
            .exchange()
            .expectStatus().isOk()
            .returnResult(String.class).getResponseHeaders().getFirst("x-request-id");

        assertThat(requestId).matches("[0-9a-f]{32}");
        assertThat(backendRequest(path).getHeader("traceparent")).matches("00-" + requestId + "-[0-9a-f]{16}-0[01]");
    }

    @Test
    void getWhenSecondaryKeyInQueryThenForwardedWithoutIt() {
        String path = path();

        client.get().uri("/backend" + path + "?subscription-key=" + secondaryKey())
            .headers(h -> h.setBearerAuth(ownAppToken()))
            .exchange()
            .expectStatus().isOk()
            .expectHeader().exists("x-request-id");

        assertThat(backendRequest(path).getUrl()).isEqualTo(path);
    }

    @Test
    void getWhenRefusedWithCallersTraceparentThenKeyValueRefusalLineAndRequestIdCarryItsTraceId(CapturedOutput output) {
        String traceId = "0af7651916cd43dd8448eb211c80319c";

        client.get().uri("/backend" + path())
            .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
            .headers(h -> h.setBearerAuth(ownAppToken()))
            .exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().valueEquals("x-request-id", traceId)
            .expectBody(String.class).isEqualTo(MISSING_KEY);

        // Key-values like the backend's decision lines, and the [traceId-spanId] prefix every traced line gets.
        assertThat(output.getAll().lines().filter(line -> line.contains("decision=denied")))
            .anySatisfy(line -> assertThat(line).contains("[" + traceId + "-")
                .contains("policy=subscription-key status=401 reason=\"")
                .contains("traceId=" + traceId));
    }

    @Test
    void getWhenSubscriptionKeyMissingThen401ApimBody() {
        get("/backend" + path(), null, ownAppToken()).expectStatus().isUnauthorized()
            .expectHeader().valueMatches("x-request-id", "[0-9a-f]{32}")
            .expectBody(String.class).isEqualTo(MISSING_KEY);
    }

    @Test
    void getWhenSubscriptionKeyInvalidThen401ApimBody() {
        String wrong = "not-a-key-" + UUID.randomUUID();

        EntityExchangeResult<String> result = get("/backend" + path(), wrong, ownAppToken()).expectStatus().isUnauthorized()
            .expectBody(String.class).isEqualTo(INVALID_KEY).returnResult();

        assertNoSecretIn(result.getResponseBody(), wrong);
    }

    @Test
    void getWhenHeaderKeyWrongAndQueryKeyRightThenHeaderWinsAnd401() {
        client.get().uri("/backend" + path() + "?subscription-key=" + primaryKey())
            .header("Ocp-Apim-Subscription-Key", "wrong")
            .headers(h -> h.setBearerAuth(ownAppToken()))
            .exchange()
            .expectStatus().isUnauthorized()
            .expectBody(String.class).isEqualTo(INVALID_KEY);
    }

    @Test
    void getWhenTokenMissingThen401BearerChallenge() {
        get("/backend" + path(), primaryKey(), null).expectStatus().isUnauthorized()
            .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
            .expectBody(String.class).isEqualTo("{\"statusCode\":401,\"message\":\"JWT not present.\"}");
    }

    @Test
    void getWhenTokenFromForeignTenantThen401InvalidToken() {
        String foreign = emulator.tokenFor("foreign", audience());

        assertInvalidToken(get("/backend" + path(), primaryKey(), foreign), foreign);
    }

    @Test
    void getWhenTokenExpiredThen401InvalidToken() {
        long past = Instant.now().minusSeconds(7200).getEpochSecond();
        String expired = emulator.mint(new TokenMinter.MintRequest(null, "frontend", audience(), null,
                Map.of("iat", past, "nbf", past), null, -60L, null, null));

        assertInvalidToken(get("/backend" + path(), primaryKey(), expired), expired);
    }

    @Test
    void getWhenV1TokenThenForwarded() {
        String v1 = emulator.mint(new TokenMinter.MintRequest(null, "frontend", audience(), 1,
                Map.of("appid", UUID.randomUUID().toString()), null, null, null, null));

        get("/backend" + path(), primaryKey(), v1).expectStatus().isOk();
    }

    @Test
    void getWhenCallerHasNoReadRoleThen403InsufficientScope() {
        String intruder = emulator.tokenFor("intruder", audience());

        EntityExchangeResult<String> result = get("/backend" + path(), primaryKey(), intruder).expectStatus().isForbidden()
            .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"insufficient_scope\"")
            .expectBody(String.class).returnResult();

        assertThat(result.getResponseBody()).startsWith("{\"statusCode\":403,\"message\":\"The operation requires the role Backend.Read.");
        assertNoSecretIn(result.getResponseBody(), intruder, primaryKey());
    }

    @Test
    void postWhenCallerHasOnlyReadRoleThen403AndWithWriteRoleThenForwarded() {
        String reader = ownAppToken();
        String writer = token(Map.of("azp", UUID.randomUUID().toString(), "roles", List.of("Backend.Write")));

        client.post().uri("/backend" + path()).header("Ocp-Apim-Subscription-Key", primaryKey())
            .headers(h -> h.setBearerAuth(reader)).exchange()
            .expectStatus().isForbidden();
        client.post().uri("/backend" + path()).header("Ocp-Apim-Subscription-Key", primaryKey())
            .headers(h -> h.setBearerAuth(writer)).exchange()
            .expectStatus().isOk();
    }

    @Test
    void postWhenSameTokenWasJustAcceptedForGetThen403BecauseRolesAreCheckedOnEveryRequest() {
        String reader = ownAppToken();
        get("/backend" + path(), primaryKey(), reader).expectStatus().isOk();

        // The token's signature is now remembered; its roles still decide, request by request.
        EntityExchangeResult<String> refused = client.post().uri("/backend" + path())
            .header("Ocp-Apim-Subscription-Key", primaryKey())
            .headers(h -> h.setBearerAuth(reader)).exchange()
            .expectStatus().isForbidden()
            .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"insufficient_scope\"")
            .expectBody(String.class).returnResult();

        assertThat(refused.getResponseBody()).startsWith("{\"statusCode\":403,\"message\":\"The operation requires the role Backend.Write");
        get("/backend" + path(), primaryKey(), reader).expectStatus().isOk();
    }

    @Test
    void getWhenCallerExceedsRateLimitThen429WithRetryAfter() {
        String token = ownAppToken();
        for (int i = 0; i < RATE_LIMIT_CALLS; i++) {
            get("/backend" + path(), primaryKey(), token).expectStatus().isOk();
        }

        EntityExchangeResult<String> refused = get("/backend" + path(), primaryKey(), token)
            .expectStatus().isEqualTo(429)
            .expectHeader().exists("Retry-After")
            .expectBody(String.class).returnResult();

        assertThat(refused.getResponseBody()).startsWith("{\"statusCode\":429,\"message\":\"Rate limit is exceeded. Try again in ");
        get("/backend" + path(), primaryKey(), ownAppToken()).expectStatus().isOk();
    }

    @Test
    void getWhenNoApiMatchesThen404ApimBodyAndNothingForwarded() {
        String path = "/nowhere/" + UUID.randomUUID();

        get(path, primaryKey(), ownAppToken()).expectStatus().isNotFound()
            .expectBody(String.class).isEqualTo("{\"statusCode\":404,\"message\":\"Resource not found\"}");

        assertThat(backend.findAll(WireMock.anyRequestedFor(WireMock.urlPathEqualTo(path)))).isEmpty();
    }

    private static void assertInvalidToken(WebTestClient.ResponseSpec response, String token) {
        EntityExchangeResult<String> result = response.expectStatus().isUnauthorized()
            .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
            .expectBody(String.class).isEqualTo("{\"statusCode\":401,\"message\":\"Invalid JWT.\"}")
            .returnResult();
        assertNoSecretIn(result.getResponseBody(), token);
    }
}
