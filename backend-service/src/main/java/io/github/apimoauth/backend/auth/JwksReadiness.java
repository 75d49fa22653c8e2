package io.github.apimoauth.backend.auth;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.entra.EntraJwks;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Loads the signing keys in the background at start-up, retrying until they arrive, and reports them to readiness:
 * DOWN until loaded once, DEGRADED while the keys endpoint fails and cached keys carry on.
 */
@Component("jwks")
class JwksReadiness implements HealthIndicator, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JwksReadiness.class);

    private static final long RETRY_MILLIS = 2_000;

    private final EntraJwks jwks;

    private volatile ScheduledExecutorService scheduler;

    JwksReadiness(EntraJwks jwks) {
        this.jwks = jwks;
    }

    @Override
    public Health health() {
        Status status = !jwks.loadedOnce() ? Status.DOWN : jwks.degraded() ? new Status("DEGRADED") : Status.UP;
        return Health.status(status).withDetail("jwksUri", jwks.uri()).build();
    }

    private void load() {
        try {
            int keys = jwks.load();
            log.info("Loaded {} signing key(s) from {}", keys, jwks.uri());
            stop();
        }
        catch (Exception ex) {
            log.warn("Signing keys not loaded yet from {} ({}); retrying", jwks.uri(), ex.getMessage());
            ScheduledExecutorService current = scheduler;
            if (current != null && !current.isShutdown()) {
                current.schedule(this::load, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "jwks-warmup");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.execute(this::load);
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = scheduler;
        scheduler = null;
        if (current != null) {
            current.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
