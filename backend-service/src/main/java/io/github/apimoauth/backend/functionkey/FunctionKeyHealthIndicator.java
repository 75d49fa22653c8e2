package io.github.apimoauth.backend.functionkey;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * DOWN while no function key is in force: not loaded yet, revoked in Key Vault, or stale beyond max-staleness. A
 * failed refresh within max-staleness reports DEGRADED, which still serves traffic with the last good key: readiness
 * must not drop the API because Key Vault blinked, but must show that a stale key is in use.
 */
@Component("functionKey")
class FunctionKeyHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Key Vault refresh failing; serving with the last good key until max-staleness");

    private final FunctionKeys keys;

    FunctionKeyHealthIndicator(FunctionKeys keys) {
        this.keys = keys;
    }

    @Override
    public Health health() {
        FunctionKeys.State state = keys.state();
        Health.Builder builder = !state.loaded() ? Health.down() : state.lastError() != null ? Health.status(DEGRADED) : Health.up();
        builder.withDetail("acceptedVersions", state.acceptedVersions().size());
        if (state.lastSuccess() != null) {
            builder.withDetail("lastSuccess", state.lastSuccess().toString());
        }
        if (state.lastError() != null) {
            builder.withDetail("lastError", state.lastError());
        }
        return builder.build();
    }
}
