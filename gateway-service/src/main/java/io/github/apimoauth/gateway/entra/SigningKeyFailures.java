package io.github.apimoauth.gateway.entra;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.jwt.BadJwtException;

/**
 * Tokens refused because their signing key could not be found: a kid the tenant does not publish (a forgery, or a key
 * newer than the last fetch while refetches are held to one per interval), or the tenant's keys out of reach. Anyone
 * can send such tokens by the thousand, so they are summed up in one WARN line per minute and kind, never one line or
 * stack trace per request.
 */
final class SigningKeyFailures {

    /** What could not be found, with the message the caller gets. */
    enum Kind {
        UNKNOWN_KEY("Invalid JWT. The token's signing key is not one of the tenant's keys.",
                "their signing key (kid) is not among the tenant's keys, or a refetch already happened within the "
                        + "refetch interval"),
        KEYS_UNAVAILABLE("Invalid JWT. The tenant's signing keys are unavailable.",
                "the tenant's signing keys could not be fetched and none are cached");

        private final String message;

        private final String reason;

        Kind(String message, String reason) {
            this.message = message;
            this.reason = reason;
        }

        String message() {
            return message;
        }
    }

    /*
     * The shared token rules report these failures as BadJwtException with fixed descriptions (TokenVerifier); there is
     * no type of their own to match yet. UnknownSigningKeyIntegrationTest and SigningKeysTest fail if the texts change.
     */
    private static final String UNKNOWN_KEY_PREFIX = "The token's signing key is not among the tenant's keys";

    private static final String UNAVAILABLE_PREFIX = "The tenant's signing keys are unavailable";

    private static final Logger log = LoggerFactory.getLogger(SigningKeyFailures.class);

    private static final long REPORT_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final String tenantId;

    private final Map<Kind, Report> reports = new EnumMap<>(Kind.class);

    SigningKeyFailures(String tenantId) {
        this.tenantId = tenantId;
        for (Kind kind : Kind.values()) {
            reports.put(kind, new Report());
        }
    }

    /** The kind of key failure this decoding error is, if it is one. */
    static Optional<Kind> of(Throwable error) {
        if (error instanceof BadJwtException && error.getMessage() != null) {
            if (error.getMessage().startsWith(UNKNOWN_KEY_PREFIX)) {
                return Optional.of(Kind.UNKNOWN_KEY);
            }
            if (error.getMessage().startsWith(UNAVAILABLE_PREFIX)) {
                return Optional.of(Kind.KEYS_UNAVAILABLE);
            }
        }
        return Optional.empty();
    }

    /** Counts one refusal; the first of a minute writes the WARN line with the count since the previous one. */
    void refused(Kind kind, String requestId) {
        Report report = reports.get(kind);
        report.unreported.increment();
        long now = System.nanoTime();
        long due = report.due.get();
        if (now - due >= 0 && report.due.compareAndSet(due, now + REPORT_INTERVAL_NANOS)) {
            log.warn("ValidateAzureAdToken refused {} token(s) of tenant {} since the last report: {} (latest request {})",
                    report.unreported.sumThenReset(), tenantId, kind.reason, requestId);
        }
    }

    private static final class Report {

        private final AtomicLong due = new AtomicLong(System.nanoTime());

        private final LongAdder unreported = new LongAdder();
    }
}
