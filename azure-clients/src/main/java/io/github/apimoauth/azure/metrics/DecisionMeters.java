package io.github.apimoauth.azure.metrics;

import java.util.concurrent.atomic.AtomicReferenceArray;

import io.github.apimoauth.entra.RefusalReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The decision counters of one policy (gateway) or check (backend): {@code <name>{<subject tag>, outcome, reason}}, with
 * {@code outcome} allowed or denied and {@code reason} a {@link RefusalReason} tag ({@code none} when allowed). Built
 * ahead, so a request only increments a counter it finds by index: no tag, id or string is built per request. A
 * denial's counter is registered the first time that reason occurs, so a reason a policy never gives shows no series.
 */
public final class DecisionMeters {

    private final MeterRegistry registry;

    private final String name;

    private final String subjectTag;

    private final String subject;

    private final Counter allowed;

    private final AtomicReferenceArray<Counter> denied = new AtomicReferenceArray<>(RefusalReason.values().length);

    /**
     * @param name the meter's name, such as {@code apim.policy.decisions}
     * @param subjectTag the tag naming what decided, such as {@code policy} or {@code check}
     * @param subject its value, such as {@code validate-azure-ad-token}: a fixed name, never a request's value
     */
    public DecisionMeters(MeterRegistry registry, String name, String subjectTag, String subject) {
        this.registry = registry;
        this.name = name;
        this.subjectTag = subjectTag;
        this.subject = subject;
        this.allowed = counter("allowed", "none");
    }

    /** Counters that go nowhere: for a policy built without a registry (unit tests). */
    public static DecisionMeters none(String subject) {
        return new DecisionMeters(new CompositeMeterRegistry(), "none", "subject", subject);
    }

    public void allowed() {
        allowed.increment();
    }

    public void denied(RefusalReason reason) {
        Counter counter = denied.get(reason.ordinal());
        if (counter == null) {
            // Registering twice returns the same meter: a race here only looks it up again.
            counter = counter("denied", reason.tag());
            denied.set(reason.ordinal(), counter);
        }
        counter.increment();
    }

    private Counter counter(String outcome, String reason) {
        return Counter.builder(name).description("Access decisions, by what decided, the outcome and the kind of refusal")
            .tag(subjectTag, subject).tag("outcome", outcome).tag("reason", reason).register(registry);
    }
}
