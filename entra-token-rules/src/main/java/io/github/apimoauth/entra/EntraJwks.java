package io.github.apimoauth.entra;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.health.HealthStatus;

/**
 * An Entra tenant's signing keys, held the way a gateway must hold them: cached, refreshed ahead of expiry in the
 * background, refetched on an unknown kid at most once per rate-limit interval (so random kids cannot cause one fetch
 * per request), and kept in use through an outage of the keys endpoint. Built on Nimbus' JWKSourceBuilder.
 */
public final class EntraJwks implements AutoCloseable {

    /** Cache timings; the defaults follow APIM's openid-config behaviour (hourly refresh, 5-minute refetch limit). */
    public record Settings(Duration timeToLive, Duration refreshAhead, Duration minRefetchInterval, Duration outageTolerance,
            Duration connectTimeout, Duration readTimeout) {

        public static Settings defaults() {
            return new Settings(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(24),
                    Duration.ofSeconds(2), Duration.ofSeconds(5));
        }
    }

    private final String uri;

    private final JWKSource<SecurityContext> source;

    private final AtomicReference<Instant> lastHealthy = new AtomicReference<>();

    private final AtomicReference<HealthStatus> lastStatus = new AtomicReference<>();

    public EntraJwks(String jwksUri, Settings settings) {
        this.uri = jwksUri;
        URL url;
        try {
            url = URI.create(jwksUri).toURL();
        }
        catch (MalformedURLException | IllegalArgumentException ex) {
            throw new IllegalArgumentException("Invalid JWKS URI '" + jwksUri + "'", ex);
        }
        DefaultResourceRetriever retriever = new DefaultResourceRetriever((int) settings.connectTimeout().toMillis(),
                (int) settings.readTimeout().toMillis(), 512 * 1024);
        this.source = JWKSourceBuilder.create(url, retriever)
            .cache(settings.timeToLive().toMillis(), settings.readTimeout().plus(settings.connectTimeout()).toMillis())
            .refreshAheadCache(settings.refreshAhead().toMillis(), true)
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

    /** Stops the background refresh; a Spring bean of this type is closed with its context. */
    @Override
    public void close() throws java.io.IOException {
        if (source instanceof java.io.Closeable closeable) {
            closeable.close();
        }
    }
}
