package io.github.apimoauth.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.apimoauth.emulator.entra.TokenMinter;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.ManagedIdentityEnvironment;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway as it runs, on a random port, against the in-process Azure emulator (Entra, managed identity, Key Vault
 * over HTTPS) and a WireMock backend. Every integration test class extends this one unchanged, so they share one
 * Spring context. Settings that make a test fast (short Key Vault refresh, short JWKS refetch interval, a small rate
 * limit, a {@link TestClock} for Key Vault values' staleness) are test-only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// A call may wait for an early Key Vault refresh (an unknown key), which the gateway bounds at apim.key-vault.timeout
// (10 s): the client waits longer than that, so a slow refresh on a busy CI machine is not taken for a hang.
@AutoConfigureWebTestClient(timeout = "15s")
@Import(TestClock.Config.class)
public abstract class GatewayIntegrationTest {

    protected static final AzureEmulator emulator = AzureEmulator.shared();

    protected static final WireMockServer backend = Backend.INSTANCE;

    protected static final int RATE_LIMIT_CALLS = 5;

    @Autowired
    protected WebTestClient client;

    private static volatile boolean ready;

    @DynamicPropertySource
    static void azure(DynamicPropertyRegistry registry) {
        // MSAL reads IDENTITY_ENDPOINT/IDENTITY_HEADER with System.getenv: hand them over before the context starts.
        ManagedIdentityEnvironment.applyAppService(emulator, "gateway");
        registry.add("ENTRA_AUTHORITY_HOST", emulator::authorityHost);
        registry.add("ENTRA_V1_ISSUER_BASE", emulator::authorityHost);
        registry.add("AZURE_TENANT_ID", () -> emulator.tenantId("home"));
        registry.add("AZURE_CLIENT_ID", () -> emulator.identity("gateway").clientId());
        registry.add("AZURE_KEYVAULT_URL", emulator::vaultUrl);
        registry.add("BACKEND_APP_ID", () -> emulator.appId("backend-api"));
        registry.add("BACKEND_URL", () -> "http://127.0.0.1:" + backend.port());
        registry.add("APIM_RATE_LIMIT_CALLS", () -> RATE_LIMIT_CALLS);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("management.server.address", () -> "127.0.0.1");
        registry.add("spring.ssl.bundle.pem.keyvault.truststore.certificate", () -> "file:" + emulator.tlsCertificate());
        registry.add("azure.key-vault.ssl-bundle", () -> "keyvault");
        registry.add("azure.key-vault.disable-challenge-resource-verification", () -> true);
        registry.add("apim.key-vault.refresh-interval", () -> "1s");
        registry.add("apim.key-vault.early-refresh-min-interval", () -> "1s");
        registry.add("apim.entra.jwks.min-refetch-interval", () -> "500ms");
        // The meters also go to the emulator's Application Insights, every second, as in Azure every minute.
        registry.add("APPLICATIONINSIGHTS_CONNECTION_STRING", emulator::applicationInsightsConnectionString);
        registry.add("azure.monitor.ssl-bundle", () -> "keyvault");
        registry.add("azure.monitor.step", () -> "1s");
    }

    @BeforeEach
    void awaitReadiness() {
        if (!ready) {
            await(Duration.ofSeconds(30), () -> client.get().uri("/readyz").exchange()
                .returnResult(String.class).getStatus().value() == 200);
            ready = true;
        }
    }

    protected static String audience() {
        return "api://" + emulator.appId("backend-api");
    }

    /** The token the managed-identity endpoint gives the frontend: v2, Backend.Read, azp = frontend's client id. */
    protected static String frontendToken() {
        return emulator.tokenFor("frontend", audience());
    }

    /** A frontend token with overridden claims, e.g. its own azp so it gets its own rate-limit bucket. */
    protected static String token(Map<String, Object> claims) {
        return emulator.mint(new TokenMinter.MintRequest(null, "frontend", audience(), null, claims, null, null, null, null));
    }

    /** A frontend token with its own azp: its own rate-limit bucket, so tests never share one. */
    protected static String ownAppToken() {
        return token(Map.of("azp", java.util.UUID.randomUUID().toString()));
    }

    /** The one request the backend received on this path. */
    protected static com.github.tomakehurst.wiremock.verification.LoggedRequest backendRequest(String path) {
        var requests = backend.findAll(WireMock.anyRequestedFor(WireMock.urlPathEqualTo(path)));
        if (requests.size() != 1) {
            throw new AssertionError("Expected one backend request on " + path + ", got " + requests.size());
        }
        return requests.get(0);
    }

    protected static String primaryKey() {
        return emulator.secretValue("apim-subscription-key-primary");
    }

    protected static String secondaryKey() {
        return emulator.secretValue("apim-subscription-key-secondary");
    }

    /** Polls a condition, without sleeping longer than a poll interval; fails after the timeout. */
    protected static void await(Duration timeout, BooleanSupplier condition) {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("Condition not met within " + timeout);
            }
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    /** One WireMock backend per JVM, on 127.0.0.1 and a random port, answering every request with 200. */
    private static final class Backend {

        static final WireMockServer INSTANCE = start();

        private static WireMockServer start() {
            WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            server.stubFor(WireMock.any(WireMock.anyUrl())
                .willReturn(WireMock.okJson("{\"from\":\"backend\"}")));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "wiremock-stop"));
            return server;
        }
    }
}
