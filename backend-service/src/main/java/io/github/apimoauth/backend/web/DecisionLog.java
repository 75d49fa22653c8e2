package io.github.apimoauth.backend.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.azure.metrics.DecisionMeters;
import io.github.apimoauth.entra.RefusalReason;
import io.github.apimoauth.entra.SigningKeyNotFoundException;
import io.github.apimoauth.entra.SigningKeyRefusals;
import io.github.apimoauth.entra.policy.CallerPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One log line per request decision: allowed or denied, the reason, the caller's app id and object id, the version of
 * the caller policy that decided (none before the policy was asked), and the trace id (also in the line's MDC prefix; here so a structured line holds it as a field). Claim values only; the
 * token and the key never reach the log.
 * <p>
 * Each decision also counts in {@code backend.auth.decisions{check, outcome, reason}}: {@code check} the check that
 * decided (token, caller-policy, revoked-application, revoked-principal, allowed-tenants, allowed-applications,
 * allowed-principals, roles, function-key; {@code all} when allowed), {@code reason} a {@link RefusalReason} tag. Every
 * refusal counts, also those whose log line is held back.
 */
@Component
public class DecisionLog {

    static final String DECISIONS = "backend.auth.decisions";

    /** The checks that decide, as they name themselves: each gets its counters once, here. */
    private static final List<String> CHECKS = List.of("token", "caller-policy", "revoked-application", "revoked-principal",
            "allowed-tenants", "allowed-applications", "allowed-principals", "roles", "function-key", "authorization");

    private static final Logger log = LoggerFactory.getLogger("backend.decisions");

    private final SigningKeyRefusals signingKeyRefusals = new SigningKeyRefusals();

    private final TraceIds traceIds;

    private final DecisionMeters allowed;

    private final Map<String, DecisionMeters> denied;

    /** The counters go to the service's registry; a web slice test, which has none, gets counters that go nowhere. */
    public DecisionLog(TraceIds traceIds, ObjectProvider<MeterRegistry> meters) {
        this.traceIds = traceIds;
        MeterRegistry registry = meters.getIfAvailable(CompositeMeterRegistry::new);
        this.allowed = new DecisionMeters(registry, DECISIONS, "check", "all");
        this.denied = CHECKS.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                check -> new DecisionMeters(registry, DECISIONS, "check", check)));
    }

    public void allowed(HttpServletRequest request, String reason) {
        allowed.allowed();
        log.info("decision=allowed {} {} reason=\"{}\" {} policyVersion={} traceId={}", request.getMethod(),
                request.getRequestURI(), reason, caller(request), policyVersion(request), traceIds.current());
    }

    /**
     * @param check the check that refused, one of {@link #CHECKS}
     * @param kind the kind of refusal, the meter's tag
     * @param reason the log's detail
     */
    public void denied(HttpServletRequest request, String check, RefusalReason kind, String reason) {
        count(check, kind);
        log.warn("decision=denied {} {} check={} reason=\"{}\" {} policyVersion={} traceId={}", request.getMethod(),
                request.getRequestURI(), check, reason, caller(request), policyVersion(request), traceIds.current());
    }

    /**
     * A token whose signing key could not be found: anyone can send these at no cost, so they are logged like
     * {@link #denied}, but at most one line per minute and reason, counting the refusals since the previous one.
     */
    public void deniedSigningKey(HttpServletRequest request, SigningKeyNotFoundException failure, String reason) {
        count("token", RefusalReason.SIGNING_KEY);
        signingKeyRefusals.refused(failure.reason()).ifPresent(count -> log.warn(
                "decision=denied {} {} check=token reason=\"{}\" {} traceId={} similarRefusals={}",
                request.getMethod(), request.getRequestURI(), reason, caller(request), traceIds.current(), count));
    }

    private void count(String check, RefusalReason kind) {
        // An unknown check name would be a programming error; it still counts, under the generic one.
        denied.getOrDefault(check, denied.get("authorization")).denied(kind);
    }

    private static String policyVersion(HttpServletRequest request) {
        return RequestPolicy.of(request).map(CallerPolicy::version).orElse("none");
    }

    /** The caller the access decision parsed; the token and the key never reach the log. */
    private static String caller(HttpServletRequest request) {
        return Callers.of(request)
            .map(c -> "appId=" + c.appId() + " objectId=" + c.objectId() + " tenantId=" + c.tenantId())
            .orElse("appId=unknown objectId=unknown");
    }
}
