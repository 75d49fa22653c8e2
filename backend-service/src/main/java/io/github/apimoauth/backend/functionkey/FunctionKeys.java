package io.github.apimoauth.backend.functionkey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.azure.security.keyvault.secrets.SecretClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.azure.metrics.SecretGauges;
import io.github.apimoauth.azure.refresh.BackgroundRefresh;
import io.github.apimoauth.backend.functionkey.KeyVersions.AcceptedKey;
import io.github.apimoauth.azure.metrics.Ages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The accepted function keys (see {@link KeyVersions} for which), read at start-up and refreshed in the background:
 * requests never wait for Key Vault. Revocation takes at the next refresh: when Key Vault refuses (403, 404, a
 * disabled or expired current version), no key is accepted. When it fails to answer, the last keys read carry on,
 * but only for max-staleness; each key also stops at its own end between refreshes. The check is never dropped.
 * The keys' age and last-known-good state are gauges ({@link SecretGauges}), read when scraped.
 */
@Component
public class FunctionKeys extends BackgroundRefresh implements MeterBinder {

    /** Where the keys stand, for health: whether a key is in force now, and whether the latest refresh failed. */
    public record State(boolean loaded, Instant lastSuccess, String lastError, List<String> acceptedVersions) {
    }

    /** What the latest refresh left: the keys, when Key Vault last answered with keys, and the latest failure. */
    private record Window(List<AcceptedKey> keys, Instant lastSuccess, String lastError) {
    }

    private static final Logger log = LoggerFactory.getLogger(FunctionKeys.class);

    private static final Duration STARTUP_RETRY = Duration.ofSeconds(2);

    private final KeyVersions versions;

    private final FunctionKeyProperties properties;

    private final Clock clock;

    private volatile Window window = new Window(List.of(), null, null);

    @Autowired
    public FunctionKeys(SecretClient secrets, FunctionKeyProperties properties) {
        this(secrets, properties, Clock.systemUTC());
    }

    FunctionKeys(SecretClient secrets, FunctionKeyProperties properties, Clock clock) {
        // The first load runs at once but off the start-up thread: readiness reports it when it lands.
        super("function-key-refresh", Duration.ZERO);
        this.versions = new KeyVersions(secrets, properties);
        this.properties = properties;
        this.clock = clock;
    }

    /** Constant-time comparison with every key in force; false when none is. */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        Window current = window;
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (AcceptedKey key : current.keys()) {
            match |= MessageDigest.isEqual(given, key.value()) & now.isBefore(key.notAfter());
        }
        return match && fresh(current, now);
    }

    public State state() {
        Instant now = clock.instant();
        Window current = window;
        List<String> inForce = !fresh(current, now) ? List.of()
                : current.keys().stream().filter(key -> now.isBefore(key.notAfter())).map(AcceptedKey::version).toList();
        return new State(!inForce.isEmpty(), current.lastSuccess(), current.lastError(), inForce);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        SecretGauges.register(registry, properties.getSecretName(), this, FunctionKeys::ageSeconds, FunctionKeys::lastKnownGood);
    }

    /** Seconds since Key Vault last answered with keys; NaN while it never has. */
    private double ageSeconds() {
        return Ages.secondsSince(window.lastSuccess(), clock);
    }

    /** 1 while the latest refresh failed to get an answer and the keys read before still serve. */
    private double lastKnownGood() {
        Window current = window;
        return current.lastError() != null && !current.keys().isEmpty() && fresh(current, clock.instant()) ? 1 : 0;
    }

    private boolean fresh(Window current, Instant now) {
        return current.lastSuccess() != null && now.isBefore(current.lastSuccess().plus(properties.getMaxStaleness()));
    }

    /** Re-reads the keys now; the background refresh calls this, and so may an operator or a test. */
    public synchronized void refresh() {
        Instant now = clock.instant();
        Window last = window;
        try {
            List<AcceptedKey> keys = versions.read(now);
            window = new Window(keys, now, null);
            if (!ids(keys).equals(ids(last.keys())) || last.lastError() != null) {
                log.info("Function key loaded from Key Vault secret {}: accepting {}", properties.getSecretName(), describe(keys));
            }
        }
        catch (RuntimeException ex) {
            String reason = ex.getClass().getSimpleName() + ": " + firstLine(ex.getMessage());
            if (KeyVersions.isRefusal(ex)) {
                // The operator disabled, deleted or let expire the key, or took our access away: that is a revocation.
                window = new Window(List.of(), last.lastSuccess(), reason);
                if (reason.equals(last.lastError())) {
                    // Retried every few seconds while no key is in force: said once, not every time.
                    log.debug("Key Vault still refuses the function key secret {} ({})", properties.getSecretName(), reason);
                    return;
                }
                log.warn("Key Vault refused the function key secret {} ({}); no function key is accepted until it has a valid "
                        + "current version", properties.getSecretName(), reason);
            }
            else {
                window = new Window(last.keys(), last.lastSuccess(), reason);
                log.warn("Function key refresh failed ({}); the last keys read serve until {}", reason,
                        last.lastSuccess() == null ? "one is read" : last.lastSuccess().plus(properties.getMaxStaleness()));
            }
        }
    }

    private static List<String> ids(List<AcceptedKey> keys) {
        return keys.stream().map(AcceptedKey::version).toList();
    }

    private static String describe(List<AcceptedKey> keys) {
        String current = "version " + keys.get(0).version() + " (current)";
        return keys.size() == 1 ? current
                : current + " and " + keys.get(1).version() + " (previous, until " + keys.get(1).notAfter() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Refreshes, then says when next: soon while no key is in force, at the interval afterwards. */
    @Override
    protected Optional<Duration> runOnce() {
        refresh();
        Duration interval = properties.getRefreshInterval();
        if (state().loaded() || interval.compareTo(STARTUP_RETRY) < 0) {
            return Optional.of(interval);
        }
        return Optional.of(STARTUP_RETRY);
    }
}
