package io.github.apimoauth.entra.policy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.apimoauth.entra.AccessRules;
import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.entra.TokenClaims;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

/**
 * The caller policy in force: who is revoked, which roles an application may use at most, and the allowlists set at
 * run time. One immutable value, swapped whole when the store's sentinel changes and read without locking on every
 * call. {@link #EMPTY} revokes nothing, restricts nothing and sets no list: each hop then decides exactly as its YAML
 * configuration says, which is the behaviour without a store.
 * <p>
 * Application and principal ids are GUIDs, kept lower-cased and compared without regard to case; a uti is compared
 * exactly. The store document is read by {@link CallerPolicyDocument}.
 *
 * @param version the policy version (the store's sentinel), logged with every decision
 * @param revokedApplications by client id (azp or appid): every call refused, 403
 * @param revokedPrincipals by object id (oid): every call refused, 403
 * @param revokedTokens by uti: that token refused, 401 invalid_token
 * @param tokensIssuedBefore by client id: that application's tokens issued (iat) before the instant refused, 401
 * @param roleRestrictions by client id: the roles that application may use at most
 * @param allowlists the allowlists in place of the configured ones, each when present
 */
public record CallerPolicy(String version, Map<String, Revocation> revokedApplications, Map<String, Revocation> revokedPrincipals,
        Map<String, Revocation> revokedTokens, Map<String, IssuedBefore> tokensIssuedBefore,
        Map<String, RoleRestriction> roleRestrictions, Allowlists allowlists) {

    /** Entra's unique token identifier claim, by which a single token is revoked. */
    private static final String UTI = "uti";

    /** The version of the policy in force when no store is configured, or before the store was first read. */
    public static final String EMBEDDED_VERSION = "embedded";

    /** Nothing revoked, restricted or listed: the YAML configuration decides alone, as without a store. */
    public static final CallerPolicy EMPTY = new CallerPolicy(EMBEDDED_VERSION, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
            Allowlists.NONE);

    /** @param reason the operator's note, for the log only; null when none was given */
    public record Revocation(String reason) {
    }

    /** @param before tokens with an iat before this instant are revoked; iat equal to it or later are not */
    public record IssuedBefore(Instant before, String reason) {

        public IssuedBefore {
            if (before == null) {
                throw new IllegalArgumentException("caller policy: a tokens-issued-before cut-off needs its instant");
            }
        }
    }

    /** @param roles the roles the application may use at most, compared exactly as the roles claim is */
    public record RoleRestriction(Set<String> roles, String reason) {

        public RoleRestriction {
            if (roles == null || roles.isEmpty()) {
                throw new IllegalArgumentException("caller policy: a role restriction lists at least one role; revoke the application instead");
            }
            roles = Set.copyOf(roles);
        }
    }

    public CallerPolicy {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("caller policy: the version is required, it is logged with every decision");
        }
        revokedApplications = byGuid(revokedApplications);
        revokedPrincipals = byGuid(revokedPrincipals);
        revokedTokens = Map.copyOf(revokedTokens);
        revokedTokens.keySet().stream().filter(uti -> !PolicyIds.isUti(uti)).findAny().ifPresent(uti -> {
            throw new IllegalArgumentException("caller policy: '" + uti + "' is not a uti (base64url, 1-64 characters)");
        });
        tokensIssuedBefore = byGuid(tokensIssuedBefore);
        roleRestrictions = byGuid(roleRestrictions);
        allowlists = allowlists == null ? Allowlists.NONE : allowlists;
    }

    /**
     * Whether the policy lets this caller's token through, asked after the token itself was validated. The token is
     * judged first (a revoked token is not a valid one: 401), then who holds it (403): its application, its principal.
     *
     * @param caller the caller the hop parsed from the validated token
     * @param issuedAt the token's iat; null when it has none, which fails any issued-before cut-off of its application
     * @param uti the token's uti; null when it has none
     */
    public PolicyDecision check(EntraCaller caller, Instant issuedAt, String uti) {
        return checkToken(caller, issuedAt, uti);
    }

    /**
     * {@link #check(EntraCaller, Instant, String)} with the iat and uti read from the validated token, as every hop
     * asks it; a uti that is not a string (Entra sets one) matches no revoked token.
     */
    public PolicyDecision check(EntraCaller caller, Jwt token) {
        return checkToken(caller, TokenClaims.instant(token, JwtClaimNames.IAT),
                token.getClaims().get(UTI) instanceof String uti ? uti : null);
    }

    private PolicyDecision checkToken(EntraCaller caller, Instant issuedAt, String uti) {
        Revocation token = uti == null ? null : revokedTokens.get(uti);
        if (token != null) {
            return PolicyDecision.deny(PolicyDecision.Kind.REVOKED_TOKEN, "Token " + uti + " has been revoked. Access denied.",
                    "revoked-token:" + uti, token.reason(), version);
        }
        String app = PolicyIds.lookup(caller.appId());
        IssuedBefore cutoff = app == null ? null : tokensIssuedBefore.get(app);
        // A token without iat cannot show it was issued after the cut-off: refused, never waved through.
        if (cutoff != null && (issuedAt == null || issuedAt.isBefore(cutoff.before()))) {
            return PolicyDecision.deny(PolicyDecision.Kind.REVOKED_TOKEN, "Tokens of client application " + app + " issued before "
                    + cutoff.before() + " have been revoked. Access denied.", "tokens-issued-before:" + app + " iat "
                    + issuedAt, cutoff.reason(), version);
        }
        Revocation application = app == null ? null : revokedApplications.get(app);
        if (application != null) {
            return PolicyDecision.deny(PolicyDecision.Kind.REVOKED_APPLICATION, "Client application " + app
                    + " has been revoked. Access denied.", "revoked-application:" + app, application.reason(), version);
        }
        String principal = PolicyIds.lookup(caller.objectId());
        Revocation revokedPrincipal = principal == null ? null : revokedPrincipals.get(principal);
        if (revokedPrincipal != null) {
            return PolicyDecision.deny(PolicyDecision.Kind.REVOKED_PRINCIPAL, "Principal " + principal
                    + " has been revoked. Access denied.", "revoked-principal:" + principal, revokedPrincipal.reason(), version);
        }
        return PolicyDecision.allow(version);
    }

    /** The token's roles this caller may use: all of them, or those its application's restriction also names. */
    public List<String> allowedRoles(EntraCaller caller, List<String> tokenRoles) {
        String app = PolicyIds.lookup(caller.appId());
        RoleRestriction restriction = app == null ? null : roleRestrictions.get(app);
        return restriction == null ? tokenRoles : tokenRoles.stream().filter(restriction.roles()::contains).toList();
    }

    /** The caller with only the roles it may use, to hand to the role check instead of the token's caller. */
    public EntraCaller restrict(EntraCaller caller) {
        List<String> roles = allowedRoles(caller, caller.roles());
        return roles == caller.roles() ? caller
                : new EntraCaller(caller.tenantId(), caller.appId(), caller.objectId(), roles, caller.tokenVersion());
    }

    /** A gateway route's access rules with this policy's client-application-ids, when it has them. */
    public AccessRules gatewayAccess(AccessRules configured) {
        return allowlists.gateway(configured);
    }

    /** The backend's access rules with this policy's Easy Auth allowlists, each when it has it. */
    public AccessRules backendAccess(AccessRules configured) {
        return allowlists.backend(configured);
    }

    private static <T> Map<String, T> byGuid(Map<String, T> entries) {
        Map<String, T> normalised = new HashMap<>();
        entries.forEach((id, value) -> {
            if (normalised.put(PolicyIds.guid(id), value) != null) {
                throw new IllegalArgumentException("caller policy: " + id + " is listed twice, in ids differing only in case");
            }
        });
        return Map.copyOf(normalised);
    }
}
