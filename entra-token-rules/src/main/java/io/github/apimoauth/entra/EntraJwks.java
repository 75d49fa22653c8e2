package io.github.apimoauth.entra;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.RefreshAheadCachingJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.events.EventListener;
import com.nimbusds.jose.util.health.HealthStatus;

/**
 * An Entra tenant's signing keys, held the way a gateway must hold them: cached, refreshed ahead of expiry in the
 * background, refetched on an unknown kid at most once per rate-limit interval (so random kids cannot cause one fetch
 * per request), and kept in use through an outage of the keys endpoint. Built on Nimbus' JWKSourceBuilder.
 * <p>
 * Every document the cache takes in also becomes a {@link KeySnapshot} of ready-made verifiers, which a request reads
 * without locking, blocking or rebuilding a key: only a cold cache or an unknown kid goes to the (blocking) source.
 */
public final class EntraJwks implements AutoCloseable {

    private final String uri;

    private final JWKSource<SecurityContext> source;

    private final AtomicReference<Instant> lastHealthy = new AtomicReference<>();

    private final AtomicReference<HealthStatus> lastStatus = new AtomicReference<>();

    private final long timeToLiveMillis;

    private final long minRefetchMillis;

    private volatile KeySnapshot snapshot = KeySnapshot.EMPTY;

    /** When the last refetch for an unknown kid was let through; Nimbus' own limit allows two per interval. */
    private final AtomicLong lastUnknownKidRefetch = new AtomicLong(Long.MIN_VALUE / 2);

    private final VerifiedTokens verifiedTokens = new VerifiedTokens();

    private final FetchCounts fetches;

    public EntraJwks(String jwksUri, JwksSettings settings) {
        this(jwksUri, new FetchCounts(new DefaultResourceRetriever((int) settings.connectTimeout().toMillis(),
                (int) settings.readTimeout().toMillis(), 512 * 1024)), settings);
    }

    private EntraJwks(String jwksUri, FetchCounts fetches, JwksSettings settings) {
        this(jwksUri, JWKSourceBuilder.create(url(jwksUri), fetches), settings, fetches);
    }

    /** Over any document source: tests give one whose keys they change. */
    EntraJwks(String jwksUri, JWKSourceBuilder<SecurityContext> builder, JwksSettings settings) {
        this(jwksUri, builder, settings, new FetchCounts(null));
    }

    private EntraJwks(String jwksUri, JWKSourceBuilder<SecurityContext> builder, JwksSettings settings, FetchCounts fetches) {
        this.uri = jwksUri;
        this.fetches = fetches;
        this.timeToLiveMillis = settings.timeToLive().toMillis();
        this.minRefetchMillis = settings.minRefetchInterval().toMillis();
        EventListener<CachingJWKSetSource<SecurityContext>, SecurityContext> onDocument = event -> {
            if (event instanceof CachingJWKSetSource.RefreshCompletedEvent<SecurityContext> done) {
                accept(done.getJWKSet());
            }
            else if (event instanceof RefreshAheadCachingJWKSetSource.ScheduledRefreshCompletedEvent<SecurityContext> done) {
                accept(done.getJWKSet());
            }
        };
        this.source = builder
            .cache(settings.timeToLive().toMillis(), settings.readTimeout().plus(settings.connectTimeout()).toMillis(), onDocument)
            .refreshAheadCache(settings.refreshAhead().toMillis(), true, onDocument)
            .rateLimited(settings.minRefetchInterval().toMillis())
            .outageTolerant(settings.outageTolerance().toMillis())
            .healthReporting(report -> {
                lastStatus.set(report.getHealthStatus());
                if (report.getHealthStatus() == HealthStatus.HEALTHY) {
                    lastHealthy.set(Instant.ofEpochMilli(report.getTimestamp()));
                }
            })
            .build();
    }

    /** The signing keys of the settings' tenant, held as the settings say. */
    public static EntraJwks of(EntraTokenSettings settings) {
        return new EntraJwks(settings.jwksUri(), settings.jwks());
    }

    private static URL url(String jwksUri) {
        try {
            return URI.create(jwksUri).toURL();
        }
        catch (MalformedURLException | IllegalArgumentException | NullPointerException ex) {
            throw new IllegalArgumentException("Invalid JWKS URI '" + jwksUri + "'", ex);
        }
    }

    /** A document the cache took in: new verifiers, and the tokens verified with a key it no longer holds dropped. */
    private void accept(JWKSet set) {
        if (set == null) {
            return;
        }
        KeySnapshot previous = snapshot;
        KeySnapshot next = KeySnapshot.of(set, System.currentTimeMillis());
        snapshot = next;
        Set<String> withdrawn = previous.verifiers().keySet().stream().filter(kid -> !next.holds(kid))
            .collect(Collectors.toUnmodifiableSet());
        if (!withdrawn.isEmpty()) {
            verifiedTokens.withdraw(withdrawn);
        }
    }

    /**
     * The verifiers for a token's kid from memory, without blocking: empty when the source must be asked (no fresh
     * document yet, or a kid the document lacks and a refetch is due). Throws when the kid is unknown and a refetch
     * for an unknown kid already happened within the rate-limit interval, so a flood of made-up kids costs nothing.
     */
    Optional<Map<String, RSASSAVerifier>> cachedVerifiers(String kid) throws RateLimitReachedException {
        long now = System.currentTimeMillis();
        KeySnapshot current = snapshot;
        if (!current.isFresh(now, timeToLiveMillis)) {
            return Optional.empty();
        }
        Map<String, RSASSAVerifier> candidates = current.candidates(kid);
        if (!candidates.isEmpty()) {
            return Optional.of(candidates);
        }
        long last = lastUnknownKidRefetch.get();
        if (now - last < minRefetchMillis || !lastUnknownKidRefetch.compareAndSet(last, now)) {
            throw new RateLimitReachedException();
        }
        return Optional.empty();
    }

    /** The verifiers for a token's kid through the key source, which may fetch the document: blocking. */
    Map<String, RSASSAVerifier> fetchVerifiers(JWSHeader header) throws KeySourceException {
        List<JWK> matching = source.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
        Map<String, RSASSAVerifier> candidates = snapshot.candidates(header.getKeyID());
        if (candidates.isEmpty() && !matching.isEmpty()) {
            // Another thread's refresh filled the cache and this one waited for it: that thread's event may not have
            // replaced the snapshot yet, so the keys the source returned are the answer (found refused at start-up).
            return KeySnapshot.of(new JWKSet(matching), System.currentTimeMillis()).candidates(header.getKeyID());
        }
        return candidates;
    }

    /** Whether the current document still holds this key: a token verified with a withdrawn key is verified again. */
    boolean holds(String kid) {
        KeySnapshot current = snapshot;
        return current.isFresh(System.currentTimeMillis(), timeToLiveMillis) && current.holds(kid);
    }

    /** The tokens verified with this tenant's keys; entries verified with a withdrawn key are dropped. */
    VerifiedTokens verifiedTokens() {
        return verifiedTokens;
    }

    /** The key source to give a Nimbus JWT processor or Spring's decoder builders. */
    public JWKSource<SecurityContext> source() {
        return source;
    }

    /** Loads the keys now (blocking). Returns how many keys the document holds. */
    public int load() throws KeySourceException {
        List<JWK> keys = source.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
        if (!keys.isEmpty()) {
            lastHealthy.compareAndSet(null, Instant.now());
        }
        return keys.size();
    }

    /** Whether the keys have been loaded at least once: readiness waits for it. */
    public boolean loadedOnce() {
        return lastHealthy.get() != null;
    }

    /** Whether the latest fetch failed; cached keys keep working meanwhile. */
    public boolean degraded() {
        return lastStatus.get() == HealthStatus.NOT_HEALTHY;
    }

    public String uri() {
        return uri;
    }

    /** The fetches of the keys document so far, for the metrics: answered, and failed (transport, timeout, non-200). */
    public FetchCounts fetches() {
        return fetches;
    }

    /**
     * How long ago the keys document was last fetched successfully; empty before the first. While the endpoint fails,
     * this grows and the cached keys stay in use (last-known-good, see {@link #degraded()}).
     */
    public Optional<Duration> age() {
        long last = fetches.lastSucceededAtMillis();
        return last == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - last)));
    }

    /** Stops the background refresh; a Spring bean of this type is closed with its context. */
    @Override
    public void close() throws java.io.IOException {
        if (source instanceof java.io.Closeable closeable) {
            closeable.close();
        }
    }
}
