package io.github.apimoauth.backend.functionkey;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * DOWN until the function key has loaded once. Afterwards a failed refresh reports DEGRADED, which still serves
 * traffic with the last good key: readiness must not drop the API because Key Vault blinked.
 */
@Component("functionKey")
class FunctionKeyHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Key Vault refresh failing; serving with the last good key");

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
