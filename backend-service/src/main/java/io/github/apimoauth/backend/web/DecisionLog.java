package io.github.apimoauth.backend.web;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.entra.SigningKeyNotFoundException;
import io.github.apimoauth.entra.SigningKeyRefusals;
import io.github.apimoauth.entra.policy.CallerPolicy;
import org.springframework.stereotype.Component;

/**
 * One log line per request decision: allowed or denied, the reason, the caller's app id and object id, the version of
 * the caller policy that decided (none before the policy was asked), and the trace id (also in the line's MDC prefix; here so a structured line holds it as a field). Claim values only; the
 * token and the key never reach the log.
 */
@Component
public class DecisionLog {

    private static final Logger log = LoggerFactory.getLogger("backend.decisions");

    private final SigningKeyRefusals signingKeyRefusals = new SigningKeyRefusals();

    private final TraceIds traceIds;

    public DecisionLog(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    public void allowed(HttpServletRequest request, String reason) {
        log.info("decision=allowed {} {} reason=\"{}\" {} policyVersion={} traceId={}", request.getMethod(),
                request.getRequestURI(), reason, caller(request), policyVersion(request), traceIds.current());
    }

    public void denied(HttpServletRequest request, String check, String reason) {
        log.warn("decision=denied {} {} check={} reason=\"{}\" {} policyVersion={} traceId={}", request.getMethod(),
                request.getRequestURI(), check, reason, caller(request), policyVersion(request), traceIds.current());
    }

    /**
     * A token whose signing key could not be found: anyone can send these at no cost, so they are logged like
     * {@link #denied}, but at most one line per minute and reason, counting the refusals since the previous one.
     */
    public void deniedSigningKey(HttpServletRequest request, SigningKeyNotFoundException failure, String reason) {
        signingKeyRefusals.refused(failure.reason()).ifPresent(count -> log.warn(
                "decision=denied {} {} check=token reason=\"{}\" {} traceId={} similarRefusals={}",
                request.getMethod(), request.getRequestURI(), reason, caller(request), traceIds.current(), count));
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
