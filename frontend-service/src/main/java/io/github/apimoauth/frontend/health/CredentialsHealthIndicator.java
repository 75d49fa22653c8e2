package io.github.apimoauth.frontend.health;

import io.github.apimoauth.frontend.credentials.BackendTokenProvider;
import io.github.apimoauth.frontend.credentials.SubscriptionKeyStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Part of readiness: OUT_OF_SERVICE until a token and the subscription key have each been obtained once, so no
 * traffic arrives before the first call could succeed. It stays UP afterwards even if Azure becomes unreachable:
 * the caches keep working, and a readiness flap would only shift load. In lazy mode it is UP from the start.
 */
class CredentialsHealthIndicator implements HealthIndicator {

    private final BackendTokenProvider tokens;

    private final SubscriptionKeyStore keys;

    private final boolean lazy;

    CredentialsHealthIndicator(BackendTokenProvider tokens, SubscriptionKeyStore keys, boolean lazy) {
        this.tokens = tokens;
        this.keys = keys;
        this.lazy = lazy;
    }

    @Override
    public Health health() {
        boolean token = tokens.obtainedOnce();
        boolean key = keys.loadedOnce();
        Health.Builder health = lazy || (token && key) ? Health.up() : Health.outOfService();
        return health.withDetail("mode", lazy ? "lazy" : "eager")
            .withDetail("token", token ? "obtained" : "pending")
            .withDetail("subscriptionKey", key ? "loaded" : "pending")
            .build();
    }
}
