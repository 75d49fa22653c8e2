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

    /** Key Vault secret holding the key; the current and previous enabled versions are both accepted. */
    @NotBlank
    private String secretName = "backend-function-key";

    /** Request header carrying the key. */
    @NotBlank
    private String headerName = "x-functions-key";

    /** Whether the query parameter code is accepted too, as Azure Functions does. */
    private boolean queryParameterEnabled = true;

    /** How often the key is re-read from Key Vault in the background. */
    @NotNull
    private Duration refreshInterval = Duration.ofSeconds(60);

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

    public boolean isQueryParameterEnabled() {
        return queryParameterEnabled;
    }

    public void setQueryParameterEnabled(boolean queryParameterEnabled) {
        this.queryParameterEnabled = queryParameterEnabled;
    }

    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }
}
