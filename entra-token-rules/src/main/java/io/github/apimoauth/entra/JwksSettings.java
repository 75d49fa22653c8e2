package io.github.apimoauth.entra;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a tenant's signing keys are cached and refetched, bound as it is under each service's own prefix
 * ({@code apim.entra.jwks.*} at the gateway, {@code backend.auth.jwks.*} at the backend). The defaults follow APIM's
 * openid-config behaviour. Bad timings fail where the record is made, so at start-up when it is bound.
 *
 * @param timeToLive how long a fetched key set is used before it is fetched again (APIM: one hour)
 * @param refreshAhead how long before expiry the key set is refetched in the background
 * @param minRefetchInterval at most one fetch per this interval, however many unknown kids arrive (APIM: 5 min)
 * @param outageTolerance how long the last key set keeps working while the keys endpoint is down
 * @param connectTimeout connect timeout of one fetch
 * @param readTimeout read timeout of one fetch
 */
public record JwksSettings(@DefaultValue("1h") @NotNull Duration timeToLive, @DefaultValue("5m") @NotNull Duration refreshAhead,
        @DefaultValue("5m") @NotNull Duration minRefetchInterval, @DefaultValue("24h") @NotNull Duration outageTolerance,
        @DefaultValue("2s") @NotNull Duration connectTimeout, @DefaultValue("5s") @NotNull Duration readTimeout) {

    public JwksSettings {
        positive(timeToLive, "time-to-live");
        notNegative(refreshAhead, "refresh-ahead");
        positive(minRefetchInterval, "min-refetch-interval");
        notNegative(outageTolerance, "outage-tolerance");
        positive(connectTimeout, "connect-timeout");
        positive(readTimeout, "read-timeout");
        // Nimbus' own rule: a refresh started refresh-ahead before expiry must be able to time out before it.
        Duration refreshWindow = refreshAhead.plus(connectTimeout).plus(readTimeout);
        if (refreshWindow.compareTo(timeToLive) >= 0) {
            throw new IllegalArgumentException("jwks.refresh-ahead + connect-timeout + read-timeout (" + refreshWindow
                    + ") must be shorter than time-to-live (" + timeToLive + ")");
        }
    }

    /** APIM's openid-config behaviour: hourly refresh, 5 minutes ahead, one refetch per 5 minutes, a day of outage. */
    public static JwksSettings defaults() {
        return new JwksSettings(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(24),
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("jwks." + name + " must be a positive duration, not " + value);
        }
    }

    private static void notNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("jwks." + name + " must be a duration of zero or more, not " + value);
        }
    }
}
