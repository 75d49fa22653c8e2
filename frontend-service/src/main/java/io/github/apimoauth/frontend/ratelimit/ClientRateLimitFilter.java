package io.github.apimoauth.frontend.ratelimit;

import java.io.IOException;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.apimoauth.azure.telemetry.TraceIds;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;

/**
 * One token bucket per client address, checked in memory, without blocking, before the request does any work: a
 * request over the limit gets 429 with Retry-After and an RFC 9457 problem body, and costs no token, key or gateway
 * call. The gateway's rate limit counts the whole frontend as one caller, so without this one address could spend
 * every other visitor's share. A refusal is not logged (a flood would flood the log); http.server.requests counts it.
 * <p>
 * The buckets live in a Caffeine cache bounded in size. An idle address is forgotten only after {@code period}, when
 * its bucket would be full again anyway, so forgetting never hands anyone a fresh bucket early.
 * <p>
 * The probes (/livez, /readyz) are not limited: they must never see a 429 (a failed liveness probe restarts the replica),
 * they answer a status without details, and they call nothing downstream. They are recognised with the same parsed,
 * still-encoded path and {@link PathPattern} matching that Spring MVC routes with, so no spelling of another path can
 * pass for them.
 */
class ClientRateLimitFilter extends OncePerRequestFilter {

    /**
     * The RFC 9457 body of a refusal; {@code error} and {@code traceId} are the members every other error of this
     * service carries (ApiErrorHandler's, which this filter answers before).
     */
    record Problem(String type, String title, int status, String detail, String error, String traceId) {
    }

    private final ClientAddresses addresses;

    private final Cache<String, Bucket> buckets;

    private final long requestsPerPeriod;

    private final Duration period;

    private final PathPattern unlimited;

    private final JsonMapper json;

    private final Tracer tracer;

    ClientRateLimitFilter(RateLimitProperties limit, PathPattern unlimited, JsonMapper json, Tracer tracer) {
        this.addresses = new ClientAddresses(limit.trustedProxies());
        this.buckets = Caffeine.newBuilder().maximumSize(limit.maxAddresses()).expireAfterAccess(limit.period()).build();
        this.requestsPerPeriod = limit.requestsPerPeriod();
        this.period = limit.period();
        this.unlimited = unlimited;
        this.json = json;
        this.tracer = tracer;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return unlimited != null
                && unlimited.matches(RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Bucket bucket = buckets.get(addresses.of(request), address -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = retryAfterSeconds(probe.getNanosToWaitForRefill());
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new Problem("about:blank", "Too Many Requests",
                HttpStatus.TOO_MANY_REQUESTS.value(), "More than " + requestsPerPeriod + " requests in "
                        + period.toSeconds() + " s from this address; retry after " + retryAfter + " s.",
                // Boot's server observation runs before this filter, so a refusal has its trace too.
                "rate limit exceeded", TraceIds.current(tracer)));
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(limit -> limit.capacity(requestsPerPeriod).refillGreedy(requestsPerPeriod, period))
            .build();
    }

    /** Whole seconds, rounded up and at least 1, as Retry-After needs. */
    static long retryAfterSeconds(long nanosToWait) {
        return Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
    }
}
