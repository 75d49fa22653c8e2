package io.github.apimoauth.backend.functionkey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The accepted function keys: the current and the previous enabled versions of the Key Vault secret, so a rotation
 * never breaks the gateway mid-flight. They are read at start-up and refreshed in the background; requests never
 * wait for Key Vault. When Key Vault fails, the last good keys stay in force: the check is never dropped.
 */
@Component
public class FunctionKeys implements SmartLifecycle {

    /** Where the keys stand, for health: loaded at least once, and whether the latest refresh failed. */
    public record State(boolean loaded, Instant lastSuccess, String lastError, List<String> acceptedVersions) {
    }

    private static final Logger log = LoggerFactory.getLogger(FunctionKeys.class);

    private static final long STARTUP_RETRY_MILLIS = 2_000;

    private final SecretClient secrets;

    private final FunctionKeyProperties properties;

    /** version id -> value; versions never change their value, so a version is read once. */
    private final Map<String, byte[]> valueByVersion = new ConcurrentHashMap<>();

    private volatile List<byte[]> accepted = List.of();

    private volatile State state = new State(false, null, null, List.of());

    private volatile ScheduledExecutorService scheduler;

    public FunctionKeys(SecretClient secrets, FunctionKeyProperties properties) {
        this.secrets = secrets;
        this.properties = properties;
    }

    /** Constant-time comparison with every accepted key; false when none is loaded. */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : accepted) {
            match |= MessageDigest.isEqual(given, key);
        }
        return match;
    }

    public State state() {
        return state;
    }

    /** Re-reads the keys now; the background refresh calls this, and so may an operator or a test. */
    public synchronized void refresh() {
        try {
            String name = properties.getSecretName();
            List<SecretProperties> versions = secrets.listPropertiesOfSecretVersions(name).stream()
                .filter(FunctionKeys::usable)
                .sorted(Comparator.comparing(SecretProperties::getCreatedOn, Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                .limit(2)
                .toList();
            if (versions.isEmpty()) {
                throw new IllegalStateException("secret " + name + " has no enabled version");
            }
            List<byte[]> keys = versions.stream()
                .map(v -> valueByVersion.computeIfAbsent(v.getVersion(),
                        version -> secrets.getSecret(name, version).getValue().getBytes(StandardCharsets.UTF_8)))
                .toList();
            List<String> ids = versions.stream().map(SecretProperties::getVersion).toList();
            valueByVersion.keySet().retainAll(ids);
            boolean changed = !ids.equals(state.acceptedVersions());
            accepted = keys;
            state = new State(true, Instant.now(), null, ids);
            if (changed) {
                log.info("Function key loaded from Key Vault secret {}: accepting versions {}", name, ids);
            }
        }
        catch (RuntimeException ex) {
            // Keep the last good keys: a Key Vault outage must neither open the API nor close it to valid callers.
            state = new State(state.loaded(), state.lastSuccess(), ex.getClass().getSimpleName() + ": " + firstLine(ex.getMessage()),
                    state.acceptedVersions());
            log.warn("Function key refresh failed ({}); keeping {} previously loaded key(s)", state.lastError(), accepted.size());
        }
    }

    private static boolean usable(SecretProperties p) {
        OffsetDateTime now = OffsetDateTime.now();
        return Boolean.TRUE.equals(p.isEnabled()) && (p.getNotBefore() == null || !now.isBefore(p.getNotBefore()))
                && (p.getExpiresOn() == null || now.isBefore(p.getExpiresOn()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "function-key-refresh");
            thread.setDaemon(true);
            return thread;
        });
        // The first load runs at once but off the start-up thread: readiness reports it when it lands.
        scheduler.execute(this::tick);
    }

    /** Refreshes, then schedules the next refresh: soon while nothing is loaded yet, at the interval afterwards. */
    private void tick() {
        refresh();
        ScheduledExecutorService current = scheduler;
        if (current != null && !current.isShutdown()) {
            long interval = properties.getRefreshInterval().toMillis();
            long delay = state.loaded() ? interval : Math.min(interval, STARTUP_RETRY_MILLIS);
            current.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
