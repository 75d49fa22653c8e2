package io.github.apimoauth.entra.policy;

import java.util.Optional;
import java.util.Set;

import io.github.apimoauth.entra.AccessRules;

/**
 * The allowlists a caller policy sets at run time, each in place of its configured counterpart when present and the
 * configured one kept when absent. They feed the shared {@link AccessRules}, so the semantics stay theirs: GUIDs
 * compared without regard to case, a missing claim never allowed. A list present is enforced, even where the
 * configuration left that check off (no client-application-ids at the gateway, a backend disabled-checks entry): an
 * operator who writes a list means it. A present list is never empty: an empty allowlist never means "allow all".
 *
 * @param gatewayClientApplicationIds the gateway's client-application-ids (APIM: client-application-ids)
 * @param backendAllowedTenants Easy Auth's allowed tenants (tid)
 * @param backendAllowedApplications Easy Auth's allowed client applications (azp or appid)
 * @param backendAllowedPrincipals Easy Auth's allowed principals (oid)
 */
public record Allowlists(Optional<Set<String>> gatewayClientApplicationIds, Optional<Set<String>> backendAllowedTenants,
        Optional<Set<String>> backendAllowedApplications, Optional<Set<String>> backendAllowedPrincipals) {

    /** No list set: every hop keeps its configured lists. */
    public static final Allowlists NONE = new Allowlists(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public Allowlists {
        gatewayClientApplicationIds = ids(gatewayClientApplicationIds, "gateway:client-application-ids");
        backendAllowedTenants = ids(backendAllowedTenants, "backend:allowed-tenants");
        backendAllowedApplications = ids(backendAllowedApplications, "backend:allowed-applications");
        backendAllowedPrincipals = ids(backendAllowedPrincipals, "backend:allowed-principals");
    }

    /** A route's access rules with the policy's client applications in place of the route's, when the policy has them. */
    public AccessRules gateway(AccessRules configured) {
        return gatewayClientApplicationIds.map(ids -> configured.toBuilder().allowedApplications(ids).build()).orElse(configured);
    }

    /**
     * The backend's access rules with each list the policy has in place of the configured one. The tenants also choose
     * the issuers the backend's decoder trusts, fixed at start-up: a tenant listed here but not configured is still
     * refused as a token from an untrusted issuer, so this list can narrow the tenants, never widen them.
     */
    public AccessRules backend(AccessRules configured) {
        if (backendAllowedTenants.isEmpty() && backendAllowedApplications.isEmpty() && backendAllowedPrincipals.isEmpty()) {
            return configured;
        }
        AccessRules.Builder rules = configured.toBuilder();
        backendAllowedTenants.ifPresent(rules::allowedTenants);
        backendAllowedApplications.ifPresent(rules::allowedApplications);
        backendAllowedPrincipals.ifPresent(rules::allowedPrincipals);
        return rules.build();
    }

    private static Optional<Set<String>> ids(Optional<Set<String>> list, String name) {
        if (list == null || list.isEmpty()) {
            return Optional.empty();
        }
        if (list.get().isEmpty()) {
            throw new IllegalArgumentException("caller policy: " + name + " must list at least one id when present");
        }
        return Optional.of(PolicyIds.guids(list.get()));
    }
}
