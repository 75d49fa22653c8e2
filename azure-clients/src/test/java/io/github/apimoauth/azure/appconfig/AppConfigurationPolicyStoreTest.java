package io.github.apimoauth.azure.appconfig;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.data.appconfiguration.ConfigurationAsyncClient;
import com.azure.data.appconfiguration.ConfigurationClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.apimoauth.azure.AzureClientConfiguration;
import io.github.apimoauth.emulator.admin.Faults;
import io.github.apimoauth.emulator.appconfig.AppConfigurationRoleAssignments;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.ManagedIdentityEnvironment;
import io.github.apimoauth.entra.policy.CallerPolicy;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store against the emulator's App Configuration, with the unmodified SDK and the gateway's managed identity, built
 * by {@link CallerPolicyConfiguration} as the services build it. Each test has a key prefix of its own, so tests share
 * the emulator but no keys; each drives the checks itself ({@code refresh()}), so none waits for an interval.
 */
class AppConfigurationPolicyStoreTest {

    private static final AzureEmulator emulator = AzureEmulator.shared();

    private static final String APP = "b3116a01-1552-4498-9c17-e9aa271d0487";

    private static final String OTHER_APP = "16515a76-0ac5-401f-abc3-5e9b3f1e6ddb";

    private static final AtomicInteger versions = new AtomicInteger();

    private final String prefix = "test-" + UUID.randomUUID() + ":policy:";

    @BeforeAll
    static void identity() {
        ManagedIdentityEnvironment.applyAppService(emulator, "gateway");
    }

    @AfterEach
    void clearFaults() {
        emulator.clearFaults();
    }

    /** The services' wiring with a background refresh due in an hour: the test drives each check itself. */
    private ApplicationContextRunner contexts(String label) {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ValidationAutoConfiguration.class))
            .withUserConfiguration(AzureClientConfiguration.class, CallerPolicyConfiguration.class)
            .withPropertyValues("azure.identity.client-id=" + emulator.identity("gateway").clientId(),
                    "azure.key-vault.url=" + emulator.vaultUrl(),
                    "spring.ssl.bundle.pem.emulator.truststore.certificate=file:" + emulator.tlsCertificate(),
                    "azure.app-configuration.endpoint=" + emulator.appConfigurationEndpoint(),
                    "azure.app-configuration.ssl-bundle=emulator", "azure.http.max-retries=0", "azure.http.retry-delay=100ms",
                    "apim.policy.key-prefix=" + prefix, "apim.policy.label=" + (label == null ? "" : label),
                    "apim.policy.refresh-interval=1h", "apim.policy.timeout=2s");
    }

    private static AppConfigurationPolicyStore store(ConfigurableApplicationContext context) {
        AppConfigurationPolicyStore store = (AppConfigurationPolicyStore) context.getBean(PolicyStore.class);
        // The first check runs at start, in the background: wait for it, so each refresh() below is the only one.
        await().atMost(Duration.ofSeconds(20)).until(() -> store.status().lastRead() != null || store.status().lastError() != null);
        return store;
    }

    private void put(String key, String label, String json) {
        emulator.setKeyValue(prefix + key, label, json, "application/json");
    }

    private String bump(String label) {
        String version = "v" + versions.incrementAndGet();
        put("sentinel", label, "\"" + version + "\"");
        return version;
    }

    private long count(String counter, String key) {
        @SuppressWarnings("unchecked")
        Map<String, Long> byKey = (Map<String, Long>) emulator.counters().get(counter);
        return byKey.getOrDefault(key, 0L);
    }

    @Test
    void refreshWhenStoreHoldsNoPolicyThenTheEmptyPolicyIsInForceAndReady() {
        contexts(null).run(context -> {
            AppConfigurationPolicyStore store = store(context);
            store.refresh();

            assertThat(store.current()).contains(CallerPolicy.EMPTY);
            assertThat(store.status().loaded()).isTrue();
            assertThat(store.status().degraded()).isFalse();
            assertThat(store.status().details()).containsEntry("source", "app-configuration").containsEntry("state", "current");
        });
    }

    @Test
    void refreshWhenSentinelUnchangedThenOneConditionalReadAnswered304AndNoListing() {
        put("revoked-application:" + APP, null, "{}");
        String version = bump(null);
        contexts(null).run(context -> {
            AppConfigurationPolicyStore store = store(context);
            assertThat(store.current()).hasValueSatisfying(p -> assertThat(p.version()).isEqualTo(version));
            long lists = count("appConfigurationReads", "list:" + prefix + "*");
            long notModified = count("appConfigurationNotModified", prefix + "sentinel");

            store.refresh();
            store.refresh();

            assertThat(count("appConfigurationNotModified", prefix + "sentinel")).isEqualTo(notModified + 2);
            assertThat(count("appConfigurationReads", "list:" + prefix + "*")).isEqualTo(lists);
            assertThat(store.current().orElseThrow().revokedApplications()).containsOnlyKeys(APP);
        });
    }

    @Test
    void refreshWhenSentinelChangedThenTheWholeNewPolicyIsInForce() {
        bump(null);
        contexts(null).run(context -> {
            AppConfigurationPolicyStore store = store(context);
            assertThat(store.current().orElseThrow().revokedApplications()).isEmpty();
            put("revoked-application:" + APP, null, "{\"reason\":\"leaked\"}");
            put("role-restriction:" + OTHER_APP, null, "{\"roles\":[\"Backend.Read\"]}");

            store.refresh();
            assertThat(store.current().orElseThrow().revokedApplications()).as("no sentinel bump, no reload").isEmpty();

            String version = bump(null);
            store.refresh();

            CallerPolicy policy = store.current().orElseThrow();
            assertThat(policy.version()).isEqualTo(version);
            assertThat(policy.revokedApplications()).containsOnlyKeys(APP);
            assertThat(policy.roleRestrictions()).containsOnlyKeys(OTHER_APP);
            assertThat(store.status().version()).isEqualTo(version);
        });
    }

    @Test
    void refreshWhenDocumentMalformedThenTheLastGoodPolicyStaysAndReadinessShowsTheKeyAndReason() {
        put("revoked-application:" + APP, null, "{}");
        String good = bump(null);
        contexts(null).run(context -> {
            AppConfigurationPolicyStore store = store(context);
            put("revoked-application:not-a-guid", null, "{}");
            bump(null);

            store.refresh();

            assertThat(store.current().orElseThrow().version()).isEqualTo(good);
            assertThat(store.current().orElseThrow().revokedApplications()).containsOnlyKeys(APP);
            assertThat(store.status().degraded()).isTrue();
            assertThat(store.status().details()).containsEntry("state", "malformed").containsEntry("policyVersion", good)
                .containsEntry("malformed", prefix + "revoked-application:not-a-guid: must end in a GUID (8-4-4-4-12 hexadecimal digits)");

            emulator.deleteKeyValue(prefix + "revoked-application:not-a-guid", null);
            String fixed = bump(null);
            store.refresh();

            assertThat(store.current().orElseThrow().version()).isEqualTo(fixed);
            assertThat(store.status().degraded()).isFalse();
            assertThat(store.status().malformed()).isNull();
        });
    }

    @Test
    void refreshWhenKeysButNoSentinelAtStartThenNothingIsInForceAndNotReady() {
        put("revoked-application:" + APP, null, "{}");
        contexts(null).run(context -> {
            AppConfigurationPolicyStore store = store(context);
            store.refresh();

            assertThat(store.current()).isEmpty();
            assertThat(store.status().loaded()).isFalse();
            assertThat(store.status().details()).containsEntry("state", "loading")
                .containsEntry("malformed", prefix + "sentinel: is missing: a policy without its version is incomplete");
        });
    }

    @Test
    void refreshWhenStoreDownThenTheLastGoodPolicyStaysStaleSinceTheFirstFailureUntilItAnswersAgain() {
        put("revoked-principal:" + APP, null, "{}");
        String good = bump(null);
        contexts(null).run(context -> {
            AppConfigurationPolicyStore store = store(context);
            emulator.fault(Faults.Target.APP_CONFIGURATION, Faults.Mode.UNAVAILABLE, Duration.ofSeconds(60));

            store.refresh();
            var firstFailure = store.status().staleSince();
            store.refresh();

            assertThat(store.current().orElseThrow().version()).isEqualTo(good);
            assertThat(store.current().orElseThrow().revokedPrincipals()).containsOnlyKeys(APP);
            assertThat(store.status().staleSince()).isNotNull().isEqualTo(firstFailure);
            assertThat(store.status().details()).containsEntry("state", "stale")
                .containsEntry("lastError", "HttpResponseException (HTTP 503)");

            emulator.clearFaults();
            store.refresh();

            assertThat(store.status().degraded()).isFalse();
            assertThat(store.status().staleSince()).isNull();
            assertThat(store.current().orElseThrow().version()).isEqualTo(good);
        });
    }

    @Test
    void refreshWhenStoreHangsThenTheCheckEndsAtTheTimeoutAndTheLastGoodPolicyStays() {
        String good = bump(null);
        contexts(null).run(context -> {
            AppConfigurationPolicyStore store = store(context);
            emulator.fault(Faults.Target.APP_CONFIGURATION, Faults.Mode.HANG, Duration.ofSeconds(60));

            store.refresh();

            assertThat(store.current().orElseThrow().version()).isEqualTo(good);
            assertThat(store.status().details()).containsEntry("state", "stale").containsEntry("lastError", "HttpTimeoutException");
        });
    }

    @Test
    void stopWhenABackgroundCheckHangsOnTheStoreThenStopReturnsWithoutWaitingForIt() {
        bump(null);
        contexts(null).withPropertyValues("apim.policy.refresh-interval=100ms", "apim.policy.timeout=60s").run(context -> {
            AppConfigurationPolicyStore store = store(context);
            emulator.fault(Faults.Target.APP_CONFIGURATION, Faults.Mode.HANG, Duration.ofSeconds(60));
            // Until a background check waits for an answer that comes only after the 60 s the fault lasts.
            await().atMost(Duration.ofSeconds(10)).until(AppConfigurationPolicyStoreTest::aCheckIsWaitingForTheStore);

            // Shutdown (the context's lifecycle stop) asks isRunning() and stop(): neither may wait for the hung check.
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(store::stop);

            assertThat(stopping).succeedsWithin(Duration.ofSeconds(10));
            assertThat(store.isRunning()).isFalse();
        });
    }

    private static boolean aCheckIsWaitingForTheStore() {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack -> stack.length > 0
                && Arrays.stream(stack).anyMatch(frame -> frame.getClassName().equals(PolicyDocumentReader.class.getName())));
    }

    @Test
    void refreshWhenIdentityRefusedBeforeAnyPolicyWasReadThenNothingIsInForceAndNotReady() {
        bump(null);
        AppConfigurationRoleAssignments roles = emulator.appConfigurationRoles();
        roles.remove("gateway", AppConfigurationRoleAssignments.DATA_READER);
        try {
            contexts(null).run(context -> {
                AppConfigurationPolicyStore store = store(context);
                store.refresh();

                assertThat(store.current()).isEmpty();
                assertThat(store.status().loaded()).isFalse();
                assertThat(store.status().details()).containsEntry("state", "loading").containsEntry("lastError",
                        "HttpResponseException (HTTP 403): the service's identity needs App Configuration Data Reader");
            });
        }
        finally {
            roles.add("gateway", AppConfigurationRoleAssignments.DATA_READER);
        }
    }

    @Test
    void refreshWhenLabelConfiguredThenOnlyThatLabelsKeysAreRead() {
        put("revoked-application:" + APP, "prod", "{}");
        put("revoked-application:" + OTHER_APP, null, "{}");
        bump(null);
        String prod = bump("prod");
        contexts("prod").run(context -> {
            AppConfigurationPolicyStore store = store(context);

            assertThat(store.current().orElseThrow().version()).isEqualTo(prod);
            assertThat(store.current().orElseThrow().revokedApplications()).containsOnlyKeys(APP);
        });
        contexts(null).run(context -> assertThat(store(context).current().orElseThrow().revokedApplications())
            .containsOnlyKeys(OTHER_APP));
    }

    @Test
    void refreshWhenSentinelChangesWhileTheDocumentIsListedThenNothingIsAppliedAndTheNextCheckReadsItWhole() {
        put("revoked-application:" + APP, null, "{}");
        bump(null);
        AtomicBoolean operatorWrites = new AtomicBoolean(true);
        // An operator's write lands between the sentinel check and the listing: a revocation, then a new sentinel.
        HttpPipelinePolicy concurrentWrite = (call, next) -> {
            if (call.getHttpRequest().getHttpMethod() == HttpMethod.GET && call.getHttpRequest().getUrl().getPath().equals("/kv")
                    && operatorWrites.getAndSet(false)) {
                put("revoked-principal:" + OTHER_APP, null, "{}");
                bump(null);
            }
            return next.process();
        };
        ConfigurationAsyncClient client = new ConfigurationClientBuilder().endpoint(emulator.appConfigurationEndpoint())
            .credential(new DefaultAzureCredentialBuilder().managedIdentityClientId(emulator.identity("gateway").clientId()).build())
            .httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext())).build())
            .addPolicy(concurrentWrite)
            .buildAsyncClient();
        AppConfigurationPolicyStore store = new AppConfigurationPolicyStore(client,
                new CallerPolicyProperties(prefix, null, Duration.ofHours(1), Duration.ofSeconds(5)), Clock.systemUTC());

        store.refresh();

        assertThat(store.current()).as("half a change is never applied").isEmpty();
        assertThat(store.status().loaded()).isFalse();

        store.refresh();

        assertThat(store.current().orElseThrow().revokedApplications()).containsOnlyKeys(APP);
        assertThat(store.current().orElseThrow().revokedPrincipals()).containsOnlyKeys(OTHER_APP);
    }
}
