package io.github.apimoauth.frontend.health;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * When the frontend reports ready.
 *
 * @param lazy true: ready at once, the token and the key are obtained on the first call; false: ready once both have been obtained
 * @param warmUpRetryInterval in eager mode, how long to wait before trying again to obtain what is still missing
 */
@Validated
@ConfigurationProperties("frontend.readiness")
record ReadinessProperties(boolean lazy, @NotNull Duration warmUpRetryInterval) {
}
