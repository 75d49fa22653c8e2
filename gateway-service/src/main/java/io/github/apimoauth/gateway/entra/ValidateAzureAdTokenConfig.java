package io.github.apimoauth.gateway.entra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.apimoauth.entra.EntraAudiences;
import io.github.apimoauth.entra.EntraTokenSettings;
import io.github.apimoauth.entra.OperationRule;
import io.github.apimoauth.entra.TokenVersion;

/**
 * The settings of one validate-azure-ad-token policy, bound from a route's filter args; the names are APIM's
 * attributes and elements. Bad settings fail at start-up, with the setting's name in the message.
 */
public class ValidateAzureAdTokenConfig {

    /** The tenant whose tokens are accepted (APIM: tenant-id); only its exact issuers pass. */
    private String tenantId;

    /** Where the token is read (APIM: header-name); the Authorization header needs the Bearer scheme, any other none. */
    private String headerName = "Authorization";

    /** Accepted aud values, any match passes (APIM: audiences). An empty list never means any audience. */
    private List<String> audiences = new ArrayList<>();

    /** The protected API's own app id: adds both its audience forms, api://{app-id} and {app-id}, to audiences. */
    private String appId;

    /** Accepted calling apps, azp or appid, any match passes (APIM: client-application-ids); empty for any app. */
    private List<String> clientApplicationIds = new ArrayList<>();

    /** Claims the token must carry (APIM: required-claims). */
    private List<RequiredClaim> requiredClaims = new ArrayList<>();

    /**
     * Roles per operation, the shared {@link OperationRule} (methods, path pattern of the gateway's request path, roles,
     * match): the first rule matching the method and path decides; a request no rule matches is refused.
     */
    private List<OperationRule> operations = new ArrayList<>();

    /**
     * Whether roles are checked (default true), and then operations must list at least one rule; false, said explicitly,
     * for a route whose callers need no role. An empty operations list alone never turns the role check off.
     */
    private boolean requireRoles = true;

    /** Status of a token that fails validation (APIM: failed-validation-httpcode). */
    private int failedValidationHttpcode = 401;

    /** Status of a valid token lacking an allowed client app, claim or role; set it to the validation code for APIM's single code. */
    private int failedAuthorizationHttpcode = 403;

    /** Message of every refusal by this policy (APIM: failed-validation-error-message); empty for the specific messages. */
    private String failedValidationErrorMessage;

    /** Token versions accepted: V1 (sts.windows.net issuer), V2 (authority host issuer), or both. */
    private List<TokenVersion> tokenVersions = new ArrayList<>(List.of(TokenVersion.V1, TokenVersion.V2));

    /** Tolerance on exp and nbf (APIM validate-jwt: clock-skew, 0 s by default); exp is always required. */
    private Duration clockSkew = Duration.ZERO;

    void validate() {
        require(tenantId != null && !tenantId.isBlank(), "tenant-id is required (AZURE_TENANT_ID)");
        require(!List.of("common", "organizations", "consumers").contains(tenantId.trim().toLowerCase(java.util.Locale.ROOT)),
                "tenant-id must be one tenant's id: '" + tenantId + "' would accept other tenants");
        require(headerName != null && !headerName.isBlank(), "header-name must not be blank");
        require(audiences.stream().noneMatch(ValidateAzureAdTokenConfig::blank), "audiences must not hold blanks");
        require(!allAudiences().isEmpty(), "audiences or app-id is required: no audience never means any audience");
        require(clientApplicationIds.stream().noneMatch(ValidateAzureAdTokenConfig::blank), "client-application-ids must not hold blanks");
        require(failedValidationHttpcode >= 400 && failedValidationHttpcode <= 499, "failed-validation-httpcode must be a 4xx status");
        require(failedAuthorizationHttpcode >= 400 && failedAuthorizationHttpcode <= 499, "failed-authorization-httpcode must be a 4xx status");
        require(tokenVersions != null && !tokenVersions.isEmpty(), "token-versions must name V1, V2 or both");
        require(clockSkew != null && !clockSkew.isNegative(), "clock-skew must not be negative");
        requiredClaims.forEach(RequiredClaim::validate);
        boolean noOperations = operations == null || operations.isEmpty();
        require(!requireRoles || !noOperations, "operations must list at least one operation with its roles; "
                + "set require-roles: false to check no roles on this route");
        require(requireRoles || noOperations, "require-roles: false contradicts the operations listed; keep one of them");
    }

    /**
     * This route's token settings as the shared record: one tenant, its exact issuers, these audiences, versions and
     * clock skew, and the gateway's signing-key settings. The decoder is the recipe every hop builds from such a record.
     */
    EntraTokenSettings tokenSettings(EntraProperties entra) {
        String tenant = tenantId.trim();
        return new EntraTokenSettings(entra.authorityHost(), entra.v1IssuerBase(), tenant, Set.of(tenant), allAudiences(),
                Set.copyOf(tokenVersions), clockSkew, entra.jwks());
    }

    /** The configured audiences plus, with app-id, the app's two audience forms from the shared token rules. */
    List<String> allAudiences() {
        List<String> all = new ArrayList<>(audiences);
        if (!blank(appId)) {
            EntraAudiences.defaults(appId.trim()).stream().filter(a -> !all.contains(a)).forEach(all::add);
        }
        return all;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("ValidateAzureAdToken: " + message);
        }
    }

    /** One required claim: its name, how its values match, and an optional separator for multi-valued strings. */
    public static class RequiredClaim {

        /** How the configured values must appear in the claim. */
        public enum Match {
            /** Every configured value must be present (APIM's default). */
            ALL,
            /** At least one configured value must be present. */
            ANY
        }

        /** The claim name. */
        private String name;

        /** all (default) or any. */
        private Match match = Match.ALL;

        /** Splits a string claim into values, e.g. a space for scp; empty to take the claim as one value. */
        private String separator;

        /** Accepted values; empty to only require the claim to be present. */
        private List<String> values = new ArrayList<>();

        void validate() {
            require(!blank(name), "every required-claims entry needs a name");
            require(match != null, "required-claims " + name + ": match must be all or any");
            require(values.stream().noneMatch(ValidateAzureAdTokenConfig::blank), "required-claims " + name + ": values must not hold blanks");
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public Match getMatch() { return match; }
        public void setMatch(Match match) { this.match = match; }
        public String getSeparator() { return separator; }
        public void setSeparator(String separator) { this.separator = separator; }
        public List<String> getValues() { return values; }
        public void setValues(List<String> values) { this.values = values; }
    }

    public String getTenantId() { return tenantId; }
    public void setTenantId(String tenantId) { this.tenantId = tenantId; }
    public String getHeaderName() { return headerName; }
    public void setHeaderName(String headerName) { this.headerName = headerName; }
    public List<String> getAudiences() { return audiences; }
    public void setAudiences(List<String> audiences) { this.audiences = audiences; }
    public String getAppId() { return appId; }
    public void setAppId(String appId) { this.appId = appId; }
    public List<String> getClientApplicationIds() { return clientApplicationIds; }
    public void setClientApplicationIds(List<String> clientApplicationIds) { this.clientApplicationIds = clientApplicationIds; }
    public List<RequiredClaim> getRequiredClaims() { return requiredClaims; }
    public void setRequiredClaims(List<RequiredClaim> requiredClaims) { this.requiredClaims = requiredClaims; }
    public List<OperationRule> getOperations() { return operations; }
    public void setOperations(List<OperationRule> operations) { this.operations = operations; }
    public boolean isRequireRoles() { return requireRoles; }
    public void setRequireRoles(boolean requireRoles) { this.requireRoles = requireRoles; }
    public int getFailedValidationHttpcode() { return failedValidationHttpcode; }
    public void setFailedValidationHttpcode(int code) { this.failedValidationHttpcode = code; }
    public int getFailedAuthorizationHttpcode() { return failedAuthorizationHttpcode; }
    public void setFailedAuthorizationHttpcode(int code) { this.failedAuthorizationHttpcode = code; }
    public String getFailedValidationErrorMessage() { return failedValidationErrorMessage; }
    public void setFailedValidationErrorMessage(String message) { this.failedValidationErrorMessage = message; }
    public List<TokenVersion> getTokenVersions() { return tokenVersions; }
    public void setTokenVersions(List<TokenVersion> tokenVersions) { this.tokenVersions = tokenVersions; }
    public Duration getClockSkew() { return clockSkew; }
    public void setClockSkew(Duration clockSkew) { this.clockSkew = clockSkew; }
}
