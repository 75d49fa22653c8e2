package io.github.apimoauth.emulator.junit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.github.apimoauth.emulator.EmulatorApplication;
import io.github.apimoauth.emulator.appconfig.AppConfigurationRoleAssignments;
import io.github.apimoauth.emulator.appconfig.CallerPolicyKeys;
import io.github.apimoauth.emulator.appconfig.KeyValueStore;
import io.github.apimoauth.emulator.counters.Counters;
import io.github.apimoauth.emulator.admin.Faults;
import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.entra.TokenMinter;
import io.github.apimoauth.emulator.identity.IdentityHeaders;
import io.github.apimoauth.emulator.keys.SigningKeys;
import io.github.apimoauth.emulator.keys.TlsCertificate;
import io.github.apimoauth.emulator.monitor.ApplicationInsightsComponent;
import io.github.apimoauth.emulator.monitor.MonitorRoleAssignments;
import io.github.apimoauth.emulator.monitor.TelemetryStore;
import io.github.apimoauth.emulator.vault.SecretStore;
import io.github.apimoauth.emulator.vault.VaultRoleAssignments;
import io.github.apimoauth.emulator.web.EmulatorUrls;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * An emulator running inside the test JVM, on random ports, with its own temporary data directory and the default
 * demo directory: Entra ID, managed identity, Key Vault, App Configuration (with the caller policy's shortcuts) and
 * Application Insights ingestion. {@link #shared()} gives one instance per JVM, reused by every test class, so a module's test suite
 * pays the start-up once; {@link AzureEmulatorExtension} injects it as a parameter.
 */
public final class AzureEmulator implements AutoCloseable {

    /** An identity as a service configures it. */
    public record Identity(String name, String clientId, String objectId, String tenantId, String identityHeader) {
    }

    private static AzureEmulator shared;

    private final ConfigurableApplicationContext context;

    private final Path dataDir;

    /** Whether this instance made its data directory, and so removes it on {@link #close()}. */
    private final boolean ownsDataDir;

    private AzureEmulator(ConfigurableApplicationContext context, Path dataDir, boolean ownsDataDir) {
        this.context = context;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    /** The JVM-wide instance, started on first use and stopped when the JVM exits. */
    public static synchronized AzureEmulator shared() {
        if (shared == null) {
            shared = start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "azure-emulator-stop"));
        }
        return shared;
    }

    /** Starts a new instance; the properties override the default configuration (keys without "--"). */
    public static AzureEmulator start(Map<String, Object> overrides) {
        // A directory of its own unless the caller names one (a restart on the data of an earlier instance).
        boolean ownsDataDir = !overrides.containsKey("emulator.data-dir");
        Path dataDir;
        try {
            dataDir = ownsDataDir ? Files.createTempDirectory("azure-emulator-")
                    : Path.of(String.valueOf(overrides.get("emulator.data-dir")));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", 0);
        properties.put("emulator.bind-address", "127.0.0.1");
        properties.put("emulator.tls.port", 0);
        properties.put("emulator.data-dir", dataDir.toString());
        properties.put("spring.jmx.enabled", false);
        properties.putAll(overrides);
        SpringApplication application = EmulatorApplication.builder().web(WebApplicationType.REACTIVE).build();
        // The host test owns the logging system; a second initialisation would reset its configuration.
        application.setListeners(application.getListeners().stream().filter(l -> !(l instanceof LoggingApplicationListener)).toList());
        application.setRegisterShutdownHook(false);
        // As command-line arguments: they outrank azure-emulator.yml, which default properties would not.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context;
        try {
            context = application.run(args);
        }
        catch (RuntimeException ex) {
            // A refused configuration: nothing will close this instance, so its directory goes now.
            if (ownsDataDir) {
                try {
                    removeDataDir(dataDir);
                }
                catch (UncheckedIOException cleanup) {
                    // The refusal is what the caller needs to read; the leftover directory rides along with it.
                    ex.addSuppressed(cleanup);
                }
            }
            throw ex;
        }
        AzureEmulator emulator = new AzureEmulator(context, dataDir, ownsDataDir);
        try {
            emulator.warmUp();
        }
        catch (RuntimeException ex) {
            emulator.close();
            throw ex;
        }
        return emulator;
    }

    /**
     * Serves each kind of document once before any test does. Spring Security fetches discovery documents with
     * Nimbus' 500 ms read timeout, which a cold JVM on a busy 2-core machine can miss on its very first request.
     */
    private void warmUp() {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String tenant = tenantId("home");
        for (String path : List.of("/" + tenant + "/v2.0/.well-known/openid-configuration", "/" + tenant + "/.well-known/openid-configuration",
                "/" + tenant + "/discovery/v2.0/keys", "/common/discovery/keys")) {
            try {
                client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(authorityHost() + path)).timeout(Duration.ofSeconds(30)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            }
            catch (IOException ex) {
                throw new UncheckedIOException("The emulator did not answer " + path, ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        Directory directory = bean(Directory.class);
        directory.identities().stream().findFirst().ifPresent(identity -> directory.apps().stream().findFirst()
            .ifPresent(app -> tokenFor(identity.name(), app.appId())));
        resetCounters();
    }

    private <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The authority host, to use where https://login.microsoftonline.com goes in Azure. */
    public String authorityHost() {
        return bean(EmulatorUrls.class).baseUrl();
    }

    /** IDENTITY_ENDPOINT. */
    public String identityEndpoint() {
        return authorityHost() + "/msi/token";
    }

    public String vaultUrl() {
        return bean(EmulatorUrls.class).vaultUrl();
    }

    public String tenantId(String tenantName) {
        return bean(Directory.class).requireTenant(tenantName).id();
    }

    /** The exact issuer of v1 or v2 tokens of a tenant. */
    public String issuer(String tenantName, int version) {
        return bean(EmulatorUrls.class).issuer(bean(Directory.class).requireTenant(tenantName), version);
    }

    public String appId(String applicationName) {
        return bean(Directory.class).findApp(applicationName).orElseThrow().appId();
    }

    public Identity identity(String name) {
        Directory.Identity i = bean(Directory.class).findIdentity(name)
            .orElseThrow(() -> new IllegalArgumentException("No identity named " + name));
        return new Identity(i.name(), i.clientId(), i.objectId(), i.tenant().id(), bean(IdentityHeaders.class).of(name));
    }

    /** An IDENTITY_HEADER valid for every identity; the request must then name one with client_id. */
    public String sharedIdentityHeader() {
        return bean(IdentityHeaders.class).shared();
    }

    /** Mints a token; see {@link TokenMinter.MintRequest} for the fields. */
    public String mint(TokenMinter.MintRequest request) {
        return bean(TokenMinter.class).mint(request).accessToken();
    }

    /** The token the identity endpoint would issue to this identity for this resource. */
    public String tokenFor(String identity, String resource) {
        return mint(new TokenMinter.MintRequest(null, identity, resource, null, null, null, null, null, null));
    }

    public Map<String, Object> counters() {
        return bean(Counters.class).snapshot();
    }

    public void resetCounters() {
        bean(Counters.class).reset();
    }

    public void fault(Faults.Target target, Faults.Mode mode, Duration duration) {
        bean(Faults.class).inject(target, mode, duration);
    }

    public void clearFaults() {
        bean(Faults.class).clear();
    }

    /** Publishes a new key and signs with it; the old key stays published for the grace period. Returns the new kid. */
    public String rotateSigningKey() {
        return bean(SigningKeys.class).activateNext();
    }

    public List<SigningKeys.KeyInfo> signingKeys() {
        return bean(SigningKeys.class).list();
    }

    /** The latest value of a secret, so a test can present the key a service should accept. */
    public String secretValue(String name) {
        return bean(SecretStore.class).latest(name).orElseThrow(() -> new IllegalArgumentException("No secret " + name)).value();
    }

    /** Adds a secret version (a rotation) and returns its version id. */
    public String setSecret(String name, String value) {
        return bean(SecretStore.class).set(name, value, null, Map.of(), true, null, null).version();
    }

    /**
     * Soft-deletes a secret with every version, as an operator revoking a key does: reads answer 404 SecretNotFound
     * and the name cannot be set again until {@link #recoverSecret} (or a purge).
     */
    public void deleteSecret(String name) {
        bean(SecretStore.class).delete(name).orElseThrow(() -> new IllegalArgumentException("No secret " + name));
    }

    /** Brings a soft-deleted secret back with every version, values and attributes as they were. */
    public void recoverSecret(String name) {
        bean(SecretStore.class).recover(name).orElseThrow(() -> new IllegalArgumentException("No deleted secret " + name));
    }

    public boolean assignAppRole(String identity, String application, String role) {
        return bean(Directory.class).assign(identity, application, role);
    }

    public boolean removeAppRole(String identity, String application, String role) {
        return bean(Directory.class).unassign(identity, application, role);
    }

    public VaultRoleAssignments vaultRoles() {
        return bean(VaultRoleAssignments.class);
    }

    /**
     * The App Configuration endpoint, for {@code ConfigurationClientBuilder.endpoint(…)}: the HTTPS listener, for
     * example https://localhost:8443, trusted through {@link #sslContext()}.
     */
    public String appConfigurationEndpoint() {
        return bean(EmulatorUrls.class).appConfigurationEndpoint();
    }

    /** The resource azure-data-appconfiguration 1.8.5 asks tokens for: its scope is this plus "/.default". */
    public String appConfigurationResource() {
        return "https://appconfig.azure.com";
    }

    public AppConfigurationRoleAssignments appConfigurationRoles() {
        return bean(AppConfigurationRoleAssignments.class);
    }

    /** The caller policy's key prefix in the store, apim-oauth:policy: unless configured otherwise. */
    public String policyKeyPrefix() {
        return bean(CallerPolicyKeys.class).prefix();
    }

    /**
     * Writes a caller-policy key (under the prefix, null label, content type application/json) and bumps the sentinel,
     * as an operator does; the value is written as given, malformed or not. Returns the new policy version.
     */
    public String setPolicyValue(String keyAfterPrefix, String jsonValue) {
        return bean(CallerPolicyKeys.class).setValue(keyAfterPrefix, jsonValue, null);
    }

    /** Deletes a caller-policy key and bumps the sentinel; empty (and no bump) when there was no such key. */
    public Optional<String> deletePolicyValue(String keyAfterPrefix) {
        return bean(CallerPolicyKeys.class).deleteValue(keyAfterPrefix, null);
    }

    /** A caller-policy key's value (null label), if the store holds it. */
    public Optional<String> policyValue(String keyAfterPrefix) {
        return keyValue(policyKeyPrefix() + keyAfterPrefix, null);
    }

    /**
     * Revokes a caller, as {@code PUT /_emulator/policy/revocations/{kind}/{id}} does: kind is application (client id),
     * principal (object id) or token (uti). Writes {"reason": …} (reason may be null) and bumps the sentinel; returns the
     * new policy version.
     */
    public String revokeCaller(String kind, String id, String reason) {
        return bean(CallerPolicyKeys.class).revoke(CallerPolicyKeys.Kind.parse(kind), id, reason, null);
    }

    public String revokeCaller(String kind, String id) {
        return revokeCaller(kind, id, null);
    }

    /** Restores a revoked caller and bumps the sentinel; false (and no bump) when it was not revoked. */
    public boolean restoreCaller(String kind, String id) {
        return bean(CallerPolicyKeys.class).restore(CallerPolicyKeys.Kind.parse(kind), id, null).isPresent();
    }

    /** Every revoked application, principal and token (null label). */
    public List<CallerPolicyKeys.Revocation> revokedCallers() {
        return bean(CallerPolicyKeys.class).revocations(null);
    }

    /** Bumps the sentinel alone; returns the new policy version. */
    public String bumpPolicySentinel() {
        return bean(CallerPolicyKeys.class).bumpSentinel(null);
    }

    /** The sentinel's stored value, a JSON string such as {@code "42"} (quotes included), if there is one. */
    public Optional<String> policySentinel() {
        return bean(CallerPolicyKeys.class).sentinel(null);
    }

    /** Writes any key-value (label null for none) without touching the sentinel. */
    public void setKeyValue(String key, String label, String value, String contentType) {
        bean(KeyValueStore.class).set(key, label, value, contentType, Map.of(), current -> { });
    }

    public Optional<String> keyValue(String key, String label) {
        return bean(KeyValueStore.class).get(key, label).map(KeyValueStore.KeyValue::value);
    }

    /** Deletes any key-value without touching the sentinel; false when there was none. */
    public boolean deleteKeyValue(String key, String label) {
        return bean(KeyValueStore.class).delete(key, label, current -> { }).isPresent();
    }

    /**
     * The Application Insights connection string, {@code InstrumentationKey=<ikey>;IngestionEndpoint=https://localhost:<port>/}:
     * the HTTPS listener, on the vault's host, so the exporter's HTTP client trusts it through {@link #tlsCertificate()}.
     * The component has local authentication disabled: the exporter needs a TokenCredential of an identity holding
     * Monitoring Metrics Publisher (frontend, gateway and backend do).
     */
    public String applicationInsightsConnectionString() {
        return bean(ApplicationInsightsComponent.class).connectionString();
    }

    /** Every telemetry envelope the emulator accepted, oldest first, as parsed JSON; the newest 10,000 at most. */
    public List<Map<String, Object>> telemetry() {
        return bean(TelemetryStore.class).list();
    }

    /** Forgets the accepted telemetry, so a test sees only its own. */
    public void clearTelemetry() {
        bean(TelemetryStore.class).clear();
    }

    /** Who holds Monitoring Metrics Publisher on the Application Insights component; changes apply to the next request. */
    public MonitorRoleAssignments applicationInsightsRoles() {
        return bean(MonitorRoleAssignments.class);
    }

    /** The PEM certificate of the HTTPS listener (Key Vault, App Configuration, Application Insights ingestion), to trust explicitly (a Spring SSL bundle, a truststore). */
    public Path tlsCertificate() {
        return bean(TlsCertificate.class).certificatePath();
    }

    /** An SSLContext trusting only the emulator's certificate, for the Azure SDK's HTTP client. */
    public SSLContext sslContext() {
        return trusting(tlsCertificate());
    }

    /**
     * An SSLContext trusting exactly one PEM certificate. Static, so a process that only has the certificate file
     * (a child JVM, a service under test) builds the same trust as the in-process handle.
     */
    public static SSLContext trusting(Path pemCertificate) {
        try {
            Certificate cert = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pemCertificate)));
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            trustStore.setCertificateEntry("azure-emulator", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot build an SSLContext for " + pemCertificate, ex);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** Stops the emulator and keeps its data directory, for a restart on it ({@code emulator.data-dir}). */
    public void stop() {
        if (context.isActive()) {
            context.close();
        }
    }

    /**
     * Stops the emulator and removes the data directory it made: its signing keys, secrets and TLS key are no use to
     * anyone after the run, and a build would otherwise leave dozens behind in the temporary directory.
     */
    @Override
    public void close() {
        stop();
        if (ownsDataDir) {
            removeDataDir(dataDir);
        }
    }

    private static void removeDataDir(Path dataDir) {
        try {
            FileSystemUtils.deleteRecursively(dataDir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not remove the emulator's data directory " + dataDir, ex);
        }
    }
}
