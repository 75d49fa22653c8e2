package io.github.apimoauth.backend.azure;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** How the backend reaches Key Vault with its own managed identity. No credential is configured: only ids and URLs. */
@Validated
@ConfigurationProperties("backend.azure")
public class AzureClientProperties {

    /** Client id of the backend's user-assigned managed identity (AZURE_CLIENT_ID); empty for system-assigned. */
    private String managedIdentityClientId = "";

    /** The vault URL, AZURE_KEYVAULT_URL, for example https://my-vault.vault.azure.net. */
    @NotBlank(message = "is required: set AZURE_KEYVAULT_URL to the vault holding the function key")
    @Pattern(regexp = "https://\\S+", message = "must be an https:// URL: set AZURE_KEYVAULT_URL to the vault holding the function key")
    private String keyVaultUrl;

    /** Spring SSL bundle whose trust material verifies the vault's certificate; empty uses the JDK's trust store. */
    private String sslBundle = "";

    /** Skip the check that the vault host ends with the challenge resource's domain; needed only for a local vault. */
    private boolean disableChallengeResourceVerification = false;

    public String getManagedIdentityClientId() {
        return managedIdentityClientId;
    }

    public void setManagedIdentityClientId(String managedIdentityClientId) {
        this.managedIdentityClientId = managedIdentityClientId;
    }

    public String getKeyVaultUrl() {
        return keyVaultUrl;
    }

    public void setKeyVaultUrl(String keyVaultUrl) {
        this.keyVaultUrl = keyVaultUrl;
    }

    public String getSslBundle() {
        return sslBundle;
    }

    public void setSslBundle(String sslBundle) {
        this.sslBundle = sslBundle;
    }

    public boolean isDisableChallengeResourceVerification() {
        return disableChallengeResourceVerification;
    }

    public void setDisableChallengeResourceVerification(boolean disableChallengeResourceVerification) {
        this.disableChallengeResourceVerification = disableChallengeResourceVerification;
    }
}
