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

import io.github.apimoauth.entra.EntraJwks;
import io.github.apimoauth.entra.RoleMatch;
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

    @Valid
    private final Jwks jwks = new Jwks();

    /** Required roles per operation; the first matching rule decides and an unmatched request is refused. */
    @NotEmpty
    private List<@Valid Operation> operations = new ArrayList<>();

    /** How the signing keys are cached; the defaults follow APIM's openid-config behaviour. */
    public static class Jwks {

        /** How long fetched keys are used before they are fetched again. */
        @NotNull
        private Duration timeToLive = Duration.ofHours(1);

        /** How long before expiry the keys are refreshed in the background. */
        @NotNull
        private Duration refreshAhead = Duration.ofMinutes(5);

        /** Least time between two fetches caused by unknown kids: random kids cannot cause one fetch per request. */
        @NotNull
        private Duration minRefetchInterval = Duration.ofMinutes(5);

        /** How long the last keys stay in use while the keys endpoint is down. */
        @NotNull
        private Duration outageTolerance = Duration.ofHours(24);

        EntraJwks.Settings toSettings() {
            EntraJwks.Settings defaults = EntraJwks.Settings.defaults();
            return new EntraJwks.Settings(timeToLive, refreshAhead, minRefetchInterval, outageTolerance, defaults.connectTimeout(),
                    defaults.readTimeout());
        }

        public Duration getTimeToLive() {
            return timeToLive;
        }

        public void setTimeToLive(Duration timeToLive) {
            this.timeToLive = timeToLive;
        }

        public Duration getRefreshAhead() {
            return refreshAhead;
        }

        public void setRefreshAhead(Duration refreshAhead) {
            this.refreshAhead = refreshAhead;
        }

        public Duration getMinRefetchInterval() {
            return minRefetchInterval;
        }

        public void setMinRefetchInterval(Duration minRefetchInterval) {
            this.minRefetchInterval = minRefetchInterval;
        }

        public Duration getOutageTolerance() {
            return outageTolerance;
        }

        public void setOutageTolerance(Duration outageTolerance) {
            this.outageTolerance = outageTolerance;
        }
    }

    public static class Operation {

        /** HTTP methods, or * for all. */
        @NotEmpty
        private Set<String> methods = Set.of();

        /** Path pattern, for example /api/**. */
        @NotBlank
        private String path;

        /** Roles from the token's roles claim. */
        @NotEmpty
        private List<String> roles = new ArrayList<>();

        /** ANY: one of the roles suffices; ALL: every role is needed. */
        @NotNull
        private RoleMatch match = RoleMatch.ANY;

        public Set<String> getMethods() {
            return methods;
        }

        public void setMethods(Set<String> methods) {
            this.methods = methods;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }

        public RoleMatch getMatch() {
            return match;
        }

        public void setMatch(RoleMatch match) {
            this.match = match;
        }
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

    public Jwks getJwks() {
        return jwks;
    }

    public List<Operation> getOperations() {
        return operations;
    }

    public void setOperations(List<Operation> operations) {
        this.operations = operations;
    }
}
