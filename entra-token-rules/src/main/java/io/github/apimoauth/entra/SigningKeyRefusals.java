package io.github.apimoauth.entra;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts tokens refused with {@link SigningKeyNotFoundException} and says when one log line is due: at most one per
 * reason and interval, carrying the count since the previous one. Anyone can send tokens with made-up kids by the
 * thousand; a hop must answer each with a 401 but write a line only now and then, never a stack trace per request.
 */
public final class SigningKeyRefusals {

    private final long intervalNanos;

    private final Map<SigningKeyNotFoundException.Reason, Report> reports =
            new EnumMap<>(SigningKeyNotFoundException.Reason.class);

    /** One line a minute per reason. */
    public SigningKeyRefusals() {
        this(Duration.ofMinutes(1));
    }

    SigningKeyRefusals(Duration interval) {
        this.intervalNanos = interval.toNanos();
        long now = System.nanoTime();
        for (SigningKeyNotFoundException.Reason reason : SigningKeyNotFoundException.Reason.values()) {
            reports.put(reason, new Report(now));
        }
    }

    /**
     * Counts one refusal. Returns the refusals to report, this one included, when a line is due (the first refusal
     * of an interval writes it at once, so a single forgery is seen without delay); empty otherwise.
     */
    public OptionalLong refused(SigningKeyNotFoundException.Reason reason) {
        Report report = reports.get(reason);
        report.unreported.increment();
        long now = System.nanoTime();
        long due = report.due.get();
        if (now - due >= 0 && report.due.compareAndSet(due, now + intervalNanos)) {
            return OptionalLong.of(report.unreported.sumThenReset());
        }
        return OptionalLong.empty();
    }

    private static final class Report {

        private final AtomicLong due;

        private final LongAdder unreported = new LongAdder();

        private Report(long now) {
            this.due = new AtomicLong(now);
        }
    }
}
