package io.github.apimoauth.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.emulator.junit.AzureEmulator;

/**
 * The whole chain for the end-to-end tests: the emulator in this JVM (its log goes to a file too), and the backend,
 * gateway and frontend as child processes of their own jars, configured only through environment variables, each
 * with its own managed identity, exactly as Container Apps configures them.
 */
final class Chain implements AutoCloseable {

    private final Path root = Path.of(System.getProperty("e2e.root", "..")).toAbsolutePath().normalize();

    private final Path logs = Path.of(System.getProperty("e2e.logs", "target/e2e-logs")).toAbsolutePath();

    private final Map<String, Process> processes = new LinkedHashMap<>();

    /** Ports handed out by this chain, so that two services are never given the same one. */
    private final Set<Integer> ports = new HashSet<>();

    final AzureEmulator emulator;

    final String backendUrl;

    final String gatewayUrl;

    /** A second gateway replica: same configuration, same store, its own process and caches. */
    final String secondGatewayUrl;

    final String frontendUrl;

    /** The gateway's and the backend's actuator (metrics), each on a management port of its own. */
    final String gatewayManagementUrl;

    final String backendManagementUrl;

    Chain() throws IOException {
        Files.createDirectories(logs);
        logInProcessOutputTo(logs.resolve("azure-emulator-and-tests.log"));
        emulator = AzureEmulator.start(Map.of());
        int backendPort = freePort();
        int gatewayPort = freePort();
        int secondGatewayPort = freePort();
        int frontendPort = freePort();
        backendUrl = "http://127.0.0.1:" + backendPort;
        gatewayUrl = "http://127.0.0.1:" + gatewayPort;
        secondGatewayUrl = "http://127.0.0.1:" + secondGatewayPort;
        frontendUrl = "http://127.0.0.1:" + frontendPort;
        int gatewayManagementPort = freePort();
        int backendManagementPort = freePort();
        gatewayManagementUrl = "http://127.0.0.1:" + gatewayManagementPort;
        backendManagementUrl = "http://127.0.0.1:" + backendManagementPort;
        try {
            String frontendClientId = emulator.identity("frontend").clientId();

            Map<String, String> backend = common("backend", backendPort);
            backend.put("ALLOWED_TENANTS", emulator.tenantId("home"));
            backend.put("ALLOWED_APPLICATIONS", frontendClientId);
            backend.put("ALLOWED_PRINCIPALS", emulator.identity("frontend").objectId());
            backend.put("BACKEND_FUNCTIONKEY_REFRESHINTERVAL", "2s");
            backend.put("BACKEND_AUTH_JWKS_TIMETOLIVE", "15s");
            backend.put("BACKEND_AUTH_JWKS_REFRESHAHEAD", "3s");
            backend.put("BACKEND_AUTH_JWKS_MINREFETCHINTERVAL", "1s");
            backend.putAll(policyStore());
            backend.put("MANAGEMENT_SERVER_PORT", String.valueOf(backendManagementPort));
            start("backend", "backend-service/target/backend-service.jar", backend);

            Map<String, String> gateway = common("gateway", gatewayPort);
            gateway.put("BACKEND_URL", backendUrl);
            gateway.put("APIM_CLIENT_APPLICATION_IDS", frontendClientId);
            gateway.put("APIM_RATE_LIMIT_CALLS", "100000");
            gateway.put("APIM_KEYVAULT_REFRESHINTERVAL", "2s");
            gateway.put("APIM_KEYVAULT_EARLYREFRESHMININTERVAL", "1s");
            gateway.put("APIM_ENTRA_JWKS_TIMETOLIVE", "15s");
            gateway.put("APIM_ENTRA_JWKS_REFRESHAHEAD", "3s");
            gateway.put("APIM_ENTRA_JWKS_MINREFETCHINTERVAL", "1s");
            gateway.putAll(policyStore());
            gateway.put("MANAGEMENT_SERVER_PORT", String.valueOf(gatewayManagementPort));
            start("gateway", "gateway-service/target/gateway-service.jar", gateway);
            Map<String, String> secondGateway = new LinkedHashMap<>(gateway);
            secondGateway.put("SERVER_PORT", String.valueOf(secondGatewayPort));
            secondGateway.put("MANAGEMENT_SERVER_PORT", String.valueOf(freePort()));
            start("gateway-2", "gateway-service/target/gateway-service.jar", secondGateway);

            Map<String, String> frontend = common("frontend", frontendPort);
            frontend.put("GATEWAY_URL", gatewayUrl + "/backend");
            frontend.put("SUBSCRIPTION_KEY_MIN_RELOAD_INTERVAL", "1s");
            // The tests call from one address, several times a second: far above a visitor's per-address limit.
            frontend.put("FRONTEND_RATE_LIMIT_REQUESTS_PER_PERIOD", "100000");
            frontend.put("MANAGEMENT_SERVER_PORT", String.valueOf(freePort()));
            start("frontend", "frontend-service/target/frontend-service.jar", frontend);

            awaitReady("backend", backendUrl);
            awaitReady("gateway", gatewayUrl);
            awaitReady("gateway-2", secondGatewayUrl);
            awaitReady("frontend", frontendUrl);
        }
        catch (IOException | RuntimeException ex) {
            // No test runs, so nothing would close the chain: stop what started rather than leave JVMs behind.
            close();
            throw ex;
        }
    }

    /** The Container Apps environment of one service: its identity, the authority host, the vault and its trust. */
    private Map<String, String> common(String identity, int port) {
        AzureEmulator.Identity id = emulator.identity(identity);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("SPRING_PROFILES_ACTIVE", "local");
        env.put("IDENTITY_ENDPOINT", emulator.identityEndpoint());
        env.put("IDENTITY_HEADER", id.identityHeader());
        env.put("AZURE_CLIENT_ID", id.clientId());
        env.put("AZURE_TENANT_ID", emulator.tenantId("home"));
        env.put("ENTRA_AUTHORITY_HOST", emulator.authorityHost());
        env.put("ENTRA_V1_ISSUER_BASE", emulator.authorityHost());
        env.put("AZURE_KEYVAULT_URL", emulator.vaultUrl());
        env.put("AZURE_KEYVAULT_SSL_BUNDLE", "emulator");
        env.put("SPRING_SSL_BUNDLE_PEM_EMULATOR_TRUSTSTORE_CERTIFICATE", "file:" + emulator.tlsCertificate());
        env.put("AZURE_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true");
        env.put("BACKEND_APP_ID", emulator.appId("backend-api"));
        return env;
    }

    /** The caller policy's store, as infra sets it for the gateway and the backend; checked every second here. */
    private Map<String, String> policyStore() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AZURE_APPCONFIGURATION_ENDPOINT", emulator.appConfigurationEndpoint());
        env.put("AZURE_APPCONFIGURATION_SSL_BUNDLE", "emulator");
        env.put("APIM_POLICY_REFRESHINTERVAL", "1s");
        return env;
    }

    private void start(String name, String jar, Map<String, String> env) throws IOException {
        Path jarPath = root.resolve(jar);
        if (!Files.exists(jarPath)) {
            throw new IllegalStateException(jarPath + " is missing: run ./mvnw verify from the repository root");
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Djava.net.preferIPv4Stack=true", "-jar", jarPath.toString())
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".log").toFile());
        // Only what Container Apps would set: nothing inherited that could point the SDKs elsewhere.
        builder.environment().keySet().removeIf(k -> k.startsWith("AZURE_") || k.startsWith("IDENTITY_") || k.startsWith("MSI_")
                || k.startsWith("IMDS_") || k.startsWith("ENTRA_") || k.startsWith("SPRING_"));
        builder.environment().putAll(env);
        processes.put(name, builder.start());
    }

    private void awaitReady(String name, String baseUrl) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            for (Map.Entry<String, Process> process : processes.entrySet()) {
                if (!process.getValue().isAlive()) {
                    throw exitedDuringStartUp(process.getKey(), process.getValue().exitValue());
                }
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/readyz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            }
            catch (IOException ex) {
                // not listening yet
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            sleep(Duration.ofMillis(300));
        }
        throw new IllegalStateException(name + " was not ready within 120 s; see " + logs.resolve(name + ".log"));
    }

    /**
     * Names the service that exited and carries the end of its log, so that a CI run that shows only the test's
     * error still shows why.
     */
    private IllegalStateException exitedDuringStartUp(String name, int exitCode) {
        String tail;
        try {
            // Without stack frames: what is left is the log lines, the exceptions and their causes.
            List<String> lines = Files.readAllLines(logs.resolve(name + ".log")).stream()
                .filter(line -> !line.stripLeading().startsWith("at ") && !line.stripLeading().startsWith("..."))
                .toList();
            tail = String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
        catch (IOException ex) {
            tail = "(its log could not be read: " + ex.getMessage() + ")";
        }
        return new IllegalStateException("The " + name + " exited during start-up with code " + exitCode + "; see "
                + logs.resolve(name + ".log") + ". The end of its log:" + System.lineSeparator() + tail);
    }

    /** What one service (backend, gateway, gateway-2, frontend) logged so far. */
    String log(String name) throws IOException {
        return Files.readString(logs.resolve(name + ".log"));
    }

    /** Every log this run wrote: the three services' and this JVM's (the emulator's). */
    List<Path> logFiles() throws IOException {
        try (var files = Files.list(logs)) {
            return files.filter(p -> p.toString().endsWith(".log")).toList();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A free port below the kernel's ephemeral range. A port the kernel picked (bind to 0) stays free only until a
     * service binds it, and meanwhile an outgoing connection of an already started service may take it as its
     * local port. Ports below the ephemeral range are never handed out that way.
     */
    private int freePort() {
        int lowestEphemeral = lowestEphemeralPort();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, Math.max(20_001, lowestEphemeral));
            if (ports.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                ports.add(port);
                return socket.getLocalPort();
            }
            catch (IOException ex) {
                // taken: try another
            }
        }
        throw new IllegalStateException("No free port found between 20000 and " + lowestEphemeral);
    }

    private static int lowestEphemeralPort() {
        try {
            // Read as lines: Files.readString trusts the size procfs reports and may stop after the first byte.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        }
        catch (IOException | RuntimeException ex) {
            return 32_768; // Linux's default; elsewhere (macOS: 49152) this stays below the range too
        }
    }

    private static void logInProcessOutputTo(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("e2e-file");
        appender.setFile(file.toString());
        appender.setAppend(false);
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    @Override
    public void close() {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(Duration.ofSeconds(15).toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        emulator.close();
    }

    static UncheckedIOException unchecked(IOException ex) {
        return new UncheckedIOException(ex);
    }
}
