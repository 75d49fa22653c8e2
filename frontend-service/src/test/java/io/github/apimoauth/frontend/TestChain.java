package io.github.apimoauth.frontend;

import java.lang.reflect.Field;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.TokenCache;

import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.ManagedIdentityEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the integration tests run against, once per JVM: the in-process Azure emulator (identity endpoint, Key Vault)
 * and a WireMock server standing in for the gateway. The frontend runs as the emulator's {@code frontend} identity.
 */
public final class TestChain {

    public static final String SECRET = "apim-subscription-key-primary";

    private static WireMockServer gateway;

    private TestChain() {
    }

    public static AzureEmulator emulator() {
        return AzureEmulator.shared();
    }

    public static synchronized WireMockServer gateway() {
        if (gateway == null) {
            gateway = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            gateway.start();
            Runtime.getRuntime().addShutdownHook(new Thread(gateway::stop, "wiremock-stop"));
        }
        return gateway;
    }

    public static String backendResource() {
        return "api://" + emulator().appId("backend-api");
    }

    /** The frontend's configuration for the emulator and the stub gateway; nothing in it is a secret. */
    public static void register(DynamicPropertyRegistry registry) {
        AzureEmulator emulator = emulator();
        // MSAL reads IDENTITY_ENDPOINT/IDENTITY_HEADER through System.getenv; the emulator hands them over instead.
        ManagedIdentityEnvironment.applyAppService(emulator, "frontend");
        registry.add("frontend.azure.tenant-id", () -> emulator.tenantId("home"));
        registry.add("azure.identity.client-id", () -> emulator.identity("frontend").clientId());
        registry.add("frontend.azure.backend-scope", () -> backendResource() + "/.default");
        registry.add("azure.key-vault.url", emulator::vaultUrl);
        registry.add("azure.key-vault.ssl-bundle", () -> "azure-emulator");
        registry.add("spring.ssl.bundle.pem.azure-emulator.truststore.certificate",
                () -> "file:" + emulator.tlsCertificate().toAbsolutePath());
        registry.add("azure.key-vault.disable-challenge-resource-verification", () -> "true");
        registry.add("frontend.gateway.url", () -> "http://127.0.0.1:" + gateway().port() + "/backend");
    }

    /** Token requests the emulator served to the frontend identity for a resource. */
    @SuppressWarnings("unchecked")
    public static long tokenRequests(String resource) {
        Map<String, Map<String, Long>> byIdentity = (Map<String, Map<String, Long>>) emulator().counters().get("tokenRequests");
        return byIdentity.getOrDefault("frontend", Map.of()).getOrDefault(resource, 0L);
    }

    @SuppressWarnings("unchecked")
    public static long keyVaultReads(String secret) {
        return ((Map<String, Long>) emulator().counters().get("keyVaultReads")).getOrDefault(secret, 0L);
    }

    /**
     * Empties MSAL's managed-identity token cache, which is static per JVM, so a test can start with no token cached
     * whatever ran before it. Reflection because MSAL offers no clear(); test code only.
     */
    public static void forgetCachedTokens() {
        try {
            TokenCache cache = ManagedIdentityApplication.getSharedTokenCache();
            Field accessTokens = TokenCache.class.getDeclaredField("accessTokens");
            accessTokens.setAccessible(true);
            ((Map<?, ?>) accessTokens.get(cache)).clear();
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("MSAL's token cache is not where this test expects it", ex);
        }
    }
}
