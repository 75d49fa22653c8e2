package io.github.apimoauth.backend.functionkey;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The Azure Functions-style key every API request must carry; its values live only in Key Vault. */
@Validated
@ConfigurationProperties("backend.function-key")
public class FunctionKeyProperties {

    /** Key Vault secret holding the key: its current version is accepted, and the version before it for a grace period. */
    @NotBlank
    private String secretName = "backend-function-key";

    /** Request header carrying the key. */
    @NotBlank
    private String headerName = "x-functions-key";

    /** Whether the key is also accepted in the code query parameter, as Azure Functions allows; off, since URLs end up in logs. */
    private boolean acceptQueryParameter = false;

    /** How often the key is re-read from Key Vault in the background. */
    @NotNull
    private Duration refreshInterval = Duration.ofSeconds(60);

    /**
     * How long after the current version was created the version right before it is still accepted, so callers can move
     * over; that version must also stay enabled and unexpired. Older versions are never accepted.
     */
    @NotNull
    private Duration previousVersionGracePeriod = Duration.ofHours(24);

    /**
     * How long the last keys read keep serving while Key Vault cannot be reached (network errors, 5xx, throttling);
     * afterwards no key is accepted until a read succeeds. A refusal from Key Vault (403, 404, a disabled or expired
     * current version) stops the keys at once.
     */
    @NotNull
    private Duration maxStaleness = Duration.ofHours(24);

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    public String getHeaderName() {
        return headerName;
    }

    public void setHeaderName(String headerName) {
        this.headerName = headerName;
    }

    public boolean isAcceptQueryParameter() {
        return acceptQueryParameter;
    }

    public void setAcceptQueryParameter(boolean acceptQueryParameter) {
        this.acceptQueryParameter = acceptQueryParameter;
    }

    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    public Duration getPreviousVersionGracePeriod() {
        return previousVersionGracePeriod;
    }

    public void setPreviousVersionGracePeriod(Duration previousVersionGracePeriod) {
        this.previousVersionGracePeriod = previousVersionGracePeriod;
    }

    public Duration getMaxStaleness() {
        return maxStaleness;
    }

    public void setMaxStaleness(Duration maxStaleness) {
        this.maxStaleness = maxStaleness;
    }
}
