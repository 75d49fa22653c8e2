package io.github.apimoauth.backend.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import io.github.apimoauth.entra.EntraAudiences;
import io.github.apimoauth.entra.EntraTokenSettings;
import io.github.apimoauth.entra.JwksSettings;
import io.github.apimoauth.entra.OperationRule;
import io.github.apimoauth.entra.TokenVersion;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Token validation and Easy Auth-style authorisation, with the names of authsettingsV2 where one exists. Every
 * allowlist is enforced unless its check is named in {@code disabled-checks}: an empty list never means "allow all".
 */
@Validated
@ConfigurationProperties("backend.auth")
public class EasyAuthProperties {

    /** The checks that can be turned off, by name. */
    public enum Check {
        ALLOWED_TENANTS, ALLOWED_APPLICATIONS, ALLOWED_PRINCIPALS
    }

    /** Entra authority host: https://login.microsoftonline.com in Azure, the emulator's URL locally. */
    @NotBlank
    private String authorityHost = "https://login.microsoftonline.com";

    /** Base of v1 issuers: https://sts.windows.net in Azure, the emulator's URL locally. */
    @NotBlank
    private String v1IssuerBase = "https://sts.windows.net";

    /** Tenant whose keys sign the tokens (JWKS discovery), AZURE_TENANT_ID; Entra uses one key set for every tenant. */
    @NotBlank(message = "is required: set AZURE_TENANT_ID to the tenant whose keys sign the tokens")
    private String tenantId;

    /** The backend API's app (client) id, BACKEND_APP_ID; the default audiences derive from it. */
    @NotBlank(message = "is required: set BACKEND_APP_ID to the backend API's app (client) id, the tokens' audience")
    private String appId;

    /** Accepted audiences (validation.allowedAudiences); empty means api://{app-id} and {app-id}. */
    private List<String> allowedAudiences = new ArrayList<>();

    /** Accepted token versions: V1, V2 or both. */
    @NotEmpty
    private Set<TokenVersion> tokenVersions = EnumSet.of(TokenVersion.V1, TokenVersion.V2);

    /** Tolerance when checking exp and nbf. */
    @NotNull
    private Duration clockSkew = Duration.ofSeconds(60);

    /**
     * Tenants (tid) whose tokens are accepted, like WEBSITE_AUTH_AAD_ALLOWED_TENANTS (ALLOWED_TENANTS); their issuers
     * are the only ones trusted.
     */
    private List<String> allowedTenants = new ArrayList<>();

    /** Calling applications (azp or appid), like defaultAuthorizationPolicy.allowedApplications (ALLOWED_APPLICATIONS). */
    private List<String> allowedApplications = new ArrayList<>();

    /** Calling principals (oid), like defaultAuthorizationPolicy.allowedPrincipals.identities (ALLOWED_PRINCIPALS). */
    private List<String> allowedPrincipals = new ArrayList<>();

    /** Checks explicitly turned off; nothing is off by default. */
    private Set<Check> disabledChecks = EnumSet.noneOf(Check.class);

    /** How the signing keys are cached and refetched (backend.auth.jwks.*); the defaults follow APIM's openid-config. */
    @Valid
    @NotNull
    private JwksSettings jwks = JwksSettings.defaults();

    /**
     * Required roles per operation (methods, path, roles, match ANY or ALL); the first matching rule decides and an
     * unmatched request is refused.
     */
    @NotEmpty
    private List<@Valid OperationRule> operations = new ArrayList<>();

    /**
     * The token settings as the shared record both hops build their decoder from: this tenant's keys, the allowed
     * tenants' exact issuers, the audiences (api://{app-id} and {app-id} unless listed), versions and clock skew.
     */
    EntraTokenSettings tokenSettings() {
        if (allowedTenants.isEmpty()) {
            throw new IllegalStateException("backend.auth.allowed-tenants is empty: set ALLOWED_TENANTS to at least one tenant id; "
                    + "its v1/v2 issuers are the only ones trusted");
        }
        List<String> audiences = allowedAudiences.isEmpty() ? EntraAudiences.defaults(appId) : allowedAudiences;
        return new EntraTokenSettings(authorityHost, v1IssuerBase, tenantId, Set.copyOf(allowedTenants), audiences, tokenVersions,
                clockSkew, jwks);
    }

    public String getAuthorityHost() {
        return authorityHost;
    }

    public void setAuthorityHost(String authorityHost) {
        this.authorityHost = authorityHost;
    }

    public String getV1IssuerBase() {
        return v1IssuerBase;
    }

    public void setV1IssuerBase(String v1IssuerBase) {
        this.v1IssuerBase = v1IssuerBase;
    }

    public String getTenantId() {
        return tenantId;
    }

    public void setTenantId(String tenantId) {
        this.tenantId = tenantId;
    }

    public String getAppId() {
        return appId;
    }

    public void setAppId(String appId) {
        this.appId = appId;
    }

    public List<String> getAllowedAudiences() {
        return allowedAudiences;
    }

    public void setAllowedAudiences(List<String> allowedAudiences) {
        this.allowedAudiences = allowedAudiences;
    }

    public Set<TokenVersion> getTokenVersions() {
        return tokenVersions;
    }

    public void setTokenVersions(Set<TokenVersion> tokenVersions) {
        this.tokenVersions = tokenVersions;
    }

    public Duration getClockSkew() {
        return clockSkew;
    }

    public void setClockSkew(Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    public List<String> getAllowedTenants() {
        return allowedTenants;
    }

    public void setAllowedTenants(List<String> allowedTenants) {
        this.allowedTenants = allowedTenants;
    }

    public List<String> getAllowedApplications() {
        return allowedApplications;
    }

    public void setAllowedApplications(List<String> allowedApplications) {
        this.allowedApplications = allowedApplications;
    }

    public List<String> getAllowedPrincipals() {
        return allowedPrincipals;
    }

    public void setAllowedPrincipals(List<String> allowedPrincipals) {
        this.allowedPrincipals = allowedPrincipals;
    }

    public Set<Check> getDisabledChecks() {
        return disabledChecks;
    }

    public void setDisabledChecks(Set<Check> disabledChecks) {
        this.disabledChecks = disabledChecks;
    }

    public JwksSettings getJwks() {
        return jwks;
    }

    public void setJwks(JwksSettings jwks) {
        this.jwks = jwks;
    }

    public List<OperationRule> getOperations() {
        return operations;
    }

    public void setOperations(List<OperationRule> operations) {
        this.operations = operations;
    }
}
