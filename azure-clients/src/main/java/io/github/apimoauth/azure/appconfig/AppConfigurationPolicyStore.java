package io.github.apimoauth.azure.appconfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.azure.core.exception.HttpResponseException;
import com.azure.data.appconfiguration.ConfigurationAsyncClient;
import com.azure.data.appconfiguration.models.ConfigurationSetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;

import io.github.apimoauth.azure.appconfig.PolicyDocumentReader.Absent;
import io.github.apimoauth.azure.appconfig.PolicyDocumentReader.Listing;
import io.github.apimoauth.azure.appconfig.PolicyDocumentReader.Present;
import io.github.apimoauth.azure.appconfig.PolicyDocumentReader.Sentinel;
import io.github.apimoauth.azure.appconfig.PolicyDocumentReader.Unchanged;
import io.github.apimoauth.azure.refresh.BackgroundRefresh;
import io.github.apimoauth.entra.policy.CallerPolicy;
import io.github.apimoauth.entra.policy.CallerPolicyDocument;
import io.github.apimoauth.entra.policy.MalformedPolicyException;

/**
 * The caller policy read from Azure App Configuration in the background, every refresh interval: a conditional request
 * for the sentinel (304: nothing to do); when it changed, every key under the prefix with the label, parsed whole and
 * swapped in at once. Requests read the policy in force from memory.
 * <p>
 * The last good policy always stays in force rather than an emptier one: through an outage of the store (stale since
 * the first failed check), and when the document is refused (malformed: a bad key or value, keys without a sentinel,
 * or the sentinel changed while the document was listed, which is read again at the next check). A store holding
 * neither a sentinel nor any key under the prefix is the empty policy: each hop's YAML configuration decides alone.
 * Until a policy was read once, {@link #current()} is empty: see {@link PolicyStore} for how the hops answer that.
 */
public final class AppConfigurationPolicyStore extends BackgroundRefresh implements PolicyStore {

    private static final Logger log = LoggerFactory.getLogger(AppConfigurationPolicyStore.class);

    private final PolicyDocumentReader reader;

    private final String prefix;

    private final Duration interval;

    private final Clock clock;

    private final AtomicReference<CallerPolicy> policy = new AtomicReference<>();

    private volatile PolicyStatus status = PolicyStatus.loading();

    /** Serialises the checks (see {@link #refresh()}). */
    private final Object checkLock = new Object();

    /** The sentinel of the document last read, applied or refused; its ETag goes in If-None-Match. Refresh thread only. */
    private ConfigurationSetting knownSentinel;

    /** The failure or refusal last logged, so that each is logged once, not at every check. Refresh thread only. */
    private String lastLogged;

    public AppConfigurationPolicyStore(ConfigurationAsyncClient client, CallerPolicyProperties properties) {
        this(client, properties, Clock.systemUTC());
    }

    AppConfigurationPolicyStore(ConfigurationAsyncClient client, CallerPolicyProperties properties, Clock clock) {
        // The first check runs at once, off the start-up thread; readiness reports when a policy is in force.
        super("caller-policy-refresh", Duration.ZERO);
        this.reader = new PolicyDocumentReader(client, properties);
        this.prefix = properties.keyPrefix();
        this.interval = properties.refreshInterval();
        this.clock = clock;
    }

    @Override
    public Optional<CallerPolicy> current() {
        return Optional.ofNullable(policy.get());
    }

    @Override
    public PolicyStatus status() {
        return status;
    }

    @Override
    protected Optional<Duration> runOnce() {
        refresh();
        return Optional.of(interval);
    }

    /**
     * One check of the store; the background refresh calls this, and so may a test. Never throws. Checks are
     * serialised on a lock of their own, never on this object: {@link #stop()} and {@link #isRunning()} take this
     * object's monitor, and a check blocked on a store that does not answer must not keep shutdown from interrupting it.
     */
    void refresh() {
        synchronized (checkLock) {
            Instant now = clock.instant();
            try {
                check(now);
            }
            catch (RuntimeException ex) {
                Throwable cause = Exceptions.unwrap(ex);
                if (cause instanceof InterruptedException) {
                    // Stopping: shutdown never waits on the store, and is no outage of it.
                    Thread.currentThread().interrupt();
                    return;
                }
                failed(cause, now);
            }
        }
    }

    private void check(Instant now) {
        Sentinel sentinel = reader.sentinel(knownSentinel);
        if (sentinel instanceof Unchanged) {
            answered(now);
            return;
        }
        Listing listing = reader.list();
        if (sentinel instanceof Present present && !unchangedSince(present, listing)) {
            log.info("The caller policy's sentinel {} changed while the policy was read: read again at the next check",
                    reader.sentinelKey());
            answered(now);
            return;
        }
        knownSentinel = sentinel instanceof Present present ? present.setting() : null;
        if (sentinel instanceof Absent && listing.values().isEmpty()) {
            apply(CallerPolicy.EMPTY, now);
            return;
        }
        try {
            // Keys without a sentinel are refused here, as an incomplete document.
            apply(CallerPolicyDocument.parse(listing.values(), prefix), now);
        }
        catch (MalformedPolicyException ex) {
            refuse(ex.key(), ex.reason(), now);
        }
        catch (IllegalArgumentException ex) {
            // The model's own checks, should one catch what the parser let through: refused all the same.
            refuse(prefix + "*", ex.getMessage(), now);
        }
    }

    /** Whether the sentinel kept its ETag through the listing: as listed, and when asked again afterwards. */
    private boolean unchangedSince(Present present, Listing listing) {
        return Objects.equals(present.etag(), listing.sentinelEtag()) && reader.sentinel(present.setting()) instanceof Unchanged;
    }

    private void answered(Instant now) {
        PolicyStatus before = status;
        status = before.answered(now);
        if (before.staleSince() != null) {
            log.info("App Configuration answers the caller policy check again, after failing since {}", before.staleSince());
            lastLogged = null;
        }
    }

    private void apply(CallerPolicy applied, Instant now) {
        CallerPolicy before = policy.getAndSet(applied);
        status = status.applied(applied.version(), now);
        lastLogged = null;
        log.info("Caller policy version {} in force (was {}): {} revoked application(s), {} revoked principal(s), {} revoked "
                + "token(s), {} issued-before cut-off(s), {} role restriction(s)", applied.version(),
                before == null ? "none" : before.version(), applied.revokedApplications().size(),
                applied.revokedPrincipals().size(), applied.revokedTokens().size(), applied.tokensIssuedBefore().size(),
                applied.roleRestrictions().size());
    }

    private void refuse(String key, String reason, Instant now) {
        String problem = key + ": " + reason;
        status = status.refused(problem, now);
        if (!problem.equals(lastLogged)) {
            lastLogged = problem;
            log.warn("Caller policy in App Configuration refused, not applied: key {} {}. {}", key, reason, inForce());
        }
    }

    private void failed(Throwable ex, Instant now) {
        String error = describe(ex);
        status = status.failed(error, now);
        if (!error.equals(lastLogged)) {
            lastLogged = error;
            log.warn("Caller policy check at App Configuration failed ({}). {}", error, inForce());
        }
    }

    private String inForce() {
        CallerPolicy current = policy.get();
        return current == null ? "No policy was read yet: the service is not ready and refuses requests with 503."
                : "Version " + current.version() + " stays in force.";
    }

    /** The kind of failure and the HTTP status: an SDK message may quote a response body. */
    static String describe(Throwable ex) {
        if (ex instanceof HttpResponseException http && http.getResponse() != null) {
            int code = http.getResponse().getStatusCode();
            String hint = code == 401 || code == 403 ? ": the service's identity needs App Configuration Data Reader" : "";
            return ex.getClass().getSimpleName() + " (HTTP " + code + ")" + hint;
        }
        return ex.getClass().getSimpleName();
    }
}
