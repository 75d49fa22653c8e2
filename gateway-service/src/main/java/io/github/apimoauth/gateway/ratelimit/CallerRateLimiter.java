package io.github.apimoauth.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;

/**
 * Spring Cloud Gateway's RateLimiter, backed by resilience4j: one limiter per (route, calling app), holding
 * {@code calls} permits per {@code renewal-period}. Usable by RateLimitByKey and by SCG's own RequestRateLimiter.
 * <p>
 * A caller's limiter is forgotten once it has been idle for a whole renewal period, and never sooner: by then its
 * window has ended and a fresh limiter allows no more than the old one would. There is no size bound, since evicting a
 * limiter whose window is still running would hand its caller a fresh window; the entries are bounded instead by the
 * callers a token policy has validated within the last renewal period (at most 300 s).
 */
public class CallerRateLimiter implements RateLimiter<CallerRateLimiter.Limit> {

    /** APIM's rate-limit-by-key accepts a renewal period of at most 300 seconds. */
    static final Duration MAX_RENEWAL_PERIOD = Duration.ofSeconds(300);

    /** Covers the instant between the cache's access time and the limiter's own clock reading. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(1);

    /** Calls per renewal period, as APIM's rate-limit-by-key. */
    public static class Limit {

        /** Calls allowed per renewal period. */
        private int calls = 100;

        /** The period after which the calls are allowed again, at most 300 s. */
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
            this.renewalPeriod = checkRenewalPeriod(renewalPeriod);
            return this;
        }
    }

    private record Key(String routeId, String caller, int calls, Duration period) {
    }

    private final Map<String, Limit> limits = new ConcurrentHashMap<>();

    private final Cache<Key, AtomicRateLimiter> limiters;

    public CallerRateLimiter() {
        this(Ticker.systemTicker());
    }

    /** With the cache's clock given: tests move it to show when an idle caller is forgotten. */
    CallerRateLimiter(Ticker ticker) {
        this.limiters = Caffeine.newBuilder().ticker(ticker).expireAfter(new UntilWindowEnds()).build();
    }

    /** A valid renewal period, as APIM allows it: positive and at most 300 s. A longer one stops the start. */
    static Duration checkRenewalPeriod(Duration period) {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("RateLimitByKey: renewal-period must be a positive duration; was " + period);
        }
        if (period.compareTo(MAX_RENEWAL_PERIOD) > 0) {
            throw new IllegalArgumentException("RateLimitByKey: renewal-period must be at most 300 s, as in APIM; was "
                    + period.toSeconds() + " s");
        }
        return period;
    }

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

    /** How many callers' limiters are held now, expired ones dropped first. */
    long callers() {
        limiters.cleanUp();
        return limiters.estimatedSize();
    }

    /** Every access, the caller's first call included, restarts the time to live: one renewal period plus a margin. */
    private static final class UntilWindowEnds implements Expiry<Key, AtomicRateLimiter> {

        @Override
        public long expireAfterCreate(Key key, AtomicRateLimiter limiter, long currentTime) {
            return key.period().plus(EXPIRY_MARGIN).toNanos();
        }

        @Override
        public long expireAfterUpdate(Key key, AtomicRateLimiter limiter, long currentTime, long currentDuration) {
            return expireAfterCreate(key, limiter, currentTime);
        }

        @Override
        public long expireAfterRead(Key key, AtomicRateLimiter limiter, long currentTime, long currentDuration) {
            return expireAfterCreate(key, limiter, currentTime);
        }
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
