package io.github.apimoauth.backend.auth;

import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.azure.refresh.BackgroundRefresh;
import io.github.apimoauth.entra.EntraJwks;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Loads the signing keys in the background at start-up, retrying until they arrive, and reports them to readiness:
 * DOWN until loaded once, DEGRADED while the keys endpoint fails and cached keys carry on.
 */
@Component("jwks")
class JwksReadiness extends BackgroundRefresh implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(JwksReadiness.class);

    private static final Duration RETRY = Duration.ofSeconds(2);

    private final EntraJwks jwks;

    JwksReadiness(EntraJwks jwks) {
        super("jwks-warmup", Duration.ZERO);
        this.jwks = jwks;
    }

    @Override
    public Health health() {
        Status status = !jwks.loadedOnce() ? Status.DOWN : jwks.degraded() ? new Status("DEGRADED") : Status.UP;
        return Health.status(status).withDetail("jwksUri", jwks.uri()).build();
    }

    /** Loads the keys; once they are in, the key cache refreshes itself and this loop ends. */
    @Override
    protected Optional<Duration> runOnce() {
        try {
            int keys = jwks.load();
            log.info("Loaded {} signing key(s) from {}", keys, jwks.uri());
            return Optional.empty();
        }
        catch (Exception ex) {
            log.warn("Signing keys not loaded yet from {} ({}); retrying", jwks.uri(), ex.getMessage());
            return Optional.of(RETRY);
        }
    }
}
