package io.github.apimoauth.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;

/**
 * Spring Cloud Gateway's RateLimiter, backed by resilience4j: one limiter per (route, calling app), holding
 * {@code calls} permits per {@code renewal-period}. The limiters live in a bounded Caffeine cache, so idle callers are
 * forgotten. Usable by RateLimitByKey and by SCG's own RequestRateLimiter.
 */
public class CallerRateLimiter implements RateLimiter<CallerRateLimiter.Limit> {

    /** Calls per renewal period, as APIM's rate-limit-by-key. */
    public static class Limit {

        /** Calls allowed per renewal period. */
        private int calls = 100;

        /** The period after which the calls are allowed again. */
        private Duration renewalPeriod = Duration.ofSeconds(60);

        public int getCalls() {
            return calls;
        }

        public Limit setCalls(int calls) {
            this.calls = calls;
            return this;
        }

        public Duration getRenewalPeriod() {
            return renewalPeriod;
        }

        public Limit setRenewalPeriod(Duration renewalPeriod) {
            this.renewalPeriod = renewalPeriod;
            return this;
        }
    }

    private record Key(String routeId, String caller, int calls, Duration period) {
    }

    private final Map<String, Limit> limits = new ConcurrentHashMap<>();

    private final Cache<Key, AtomicRateLimiter> limiters = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterAccess(10, TimeUnit.MINUTES)
        .build();

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        Limit limit = limits.getOrDefault(routeId, new Limit());
        AtomicRateLimiter limiter = limiters.get(new Key(routeId, id, limit.getCalls(), limit.getRenewalPeriod()),
                k -> new AtomicRateLimiter(k.routeId() + "/" + k.caller(), RateLimiterConfig.custom()
                    .limitForPeriod(k.calls())
                    .limitRefreshPeriod(k.period())
                    .timeoutDuration(Duration.ZERO)
                    .build()));
        boolean allowed = limiter.acquirePermission();
        AtomicRateLimiter.AtomicRateLimiterMetrics metrics = limiter.getDetailedMetrics();
        Map<String, String> headers = allowed
                ? Map.of("X-RateLimit-Remaining", String.valueOf(Math.max(0, metrics.getAvailablePermissions())))
                : Map.of("Retry-After", String.valueOf(retryAfterSeconds(metrics.getNanosToWait())));
        return Mono.just(new Response(allowed, headers));
    }

    /** Whole seconds, rounded up and at least 1, as Retry-After needs. */
    static long retryAfterSeconds(long nanosToWait) {
        return Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
    }

    @Override
    public Map<String, Limit> getConfig() {
        return limits;
    }

    @Override
    public Class<Limit> getConfigClass() {
        return Limit.class;
    }

    @Override
    public Limit newConfig() {
        return new Limit();
    }
}
