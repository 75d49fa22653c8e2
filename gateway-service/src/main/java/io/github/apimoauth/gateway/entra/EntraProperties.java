package io.github.apimoauth.gateway.entra;

import java.time.Duration;

import io.github.apimoauth.entra.EntraJwks;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Entra ID is and how its signing keys are held. The tenant, audiences and the rest belong to each route's
 * validate-azure-ad-token policy.
 *
 * @param authorityHost the authority host, https://login.microsoftonline.com in Azure (ENTRA_AUTHORITY_HOST); the v2
 * issuer and the JWKS URI derive from it
 * @param v1IssuerBase the base of v1 issuers, https://sts.windows.net in Azure (ENTRA_V1_ISSUER_BASE); a local
 * stand-in uses its authority host
 * @param jwks how the signing keys are cached and refetched
 */
@Validated
@ConfigurationProperties("apim.entra")
public record EntraProperties(@NotBlank String authorityHost, @NotBlank String v1IssuerBase,
        @DefaultValue @Valid @NotNull Jwks jwks) {

    /**
     * Signing-key cache timings; the defaults follow APIM's openid-config behaviour.
     *
     * @param timeToLive how long a fetched key set is used before it is fetched again (APIM: one hour)
     * @param refreshAhead how long before expiry the key set is refetched in the background
     * @param minRefetchInterval at most one fetch per this interval, however many unknown kids arrive (APIM: 5 min)
     * @param outageTolerance how long the last key set keeps working while the keys endpoint is down
     * @param connectTimeout connect timeout of one fetch
     * @param readTimeout read timeout of one fetch
     */
    public record Jwks(@DefaultValue("1h") @NotNull Duration timeToLive, @DefaultValue("5m") @NotNull Duration refreshAhead,
            @DefaultValue("5m") @NotNull Duration minRefetchInterval, @DefaultValue("24h") @NotNull Duration outageTolerance,
            @DefaultValue("2s") @NotNull Duration connectTimeout, @DefaultValue("5s") @NotNull Duration readTimeout) {

        public Jwks {
            // Nimbus' own rule: a refresh started refresh-ahead before expiry must be able to time out before it.
            if (refreshAhead != null && timeToLive != null && connectTimeout != null && readTimeout != null
                    && refreshAhead.plus(connectTimeout).plus(readTimeout).compareTo(timeToLive) >= 0) {
                throw new IllegalArgumentException("apim.entra.jwks.refresh-ahead + connect-timeout + read-timeout ("
                        + refreshAhead.plus(connectTimeout).plus(readTimeout) + ") must be shorter than time-to-live (" + timeToLive + ")");
            }
        }

        EntraJwks.Settings settings() {
            return new EntraJwks.Settings(timeToLive, refreshAhead, minRefetchInterval, outageTolerance, connectTimeout,
                    readTimeout);
        }
    }
}
