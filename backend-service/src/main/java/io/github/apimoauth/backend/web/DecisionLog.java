package io.github.apimoauth.backend.web;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.entra.EntraCaller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * One log line per request decision: allowed or denied, the reason, the caller's app id and object id, and the
 * correlation id. Claim values only; the token and the key never reach the log.
 */
@Component
public class DecisionLog {

    private static final Logger log = LoggerFactory.getLogger("backend.decisions");

    /** Quiet time after a rate-limited line: a flood then costs one line a minute, and no decision goes unnoticed. */
    private static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final AtomicLong nextRateLimitedLine = new AtomicLong(System.nanoTime());

    private final AtomicLong notLogged = new AtomicLong();

    public void allowed(HttpServletRequest request, String reason) {
        log.info("decision=allowed {} {} reason=\"{}\" {} correlationId={}", request.getMethod(), request.getRequestURI(), reason,
                caller(), CorrelationId.of(request));
    }

    public void denied(HttpServletRequest request, String check, String reason) {
        log.warn("decision=denied {} {} check={} reason=\"{}\" {} correlationId={}", request.getMethod(), request.getRequestURI(),
                check, reason, caller(), CorrelationId.of(request));
    }

    /**
     * A refusal anyone can repeat at no cost, such as a token naming a made-up signing key: logged like
     * {@link #denied}, but at most one line per minute, which counts the refusals left out since the previous one.
     */
    public void deniedRateLimited(HttpServletRequest request, String check, String reason) {
        long now = System.nanoTime();
        long next = nextRateLimitedLine.get();
        if (now - next < 0 || !nextRateLimitedLine.compareAndSet(next, now + QUIET_NANOS)) {
            notLogged.incrementAndGet();
            return;
        }
        log.warn("decision=denied {} {} check={} reason=\"{}\" {} correlationId={} similarRefusalsNotLogged={}", request.getMethod(),
                request.getRequestURI(), check, reason, caller(), CorrelationId.of(request), notLogged.getAndSet(0));
    }

    private static String caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            EntraCaller caller = EntraCaller.from(token.getToken());
            return "appId=" + caller.appId() + " objectId=" + caller.objectId() + " tenantId=" + caller.tenantId();
        }
        return "appId=unknown objectId=unknown";
    }
}
