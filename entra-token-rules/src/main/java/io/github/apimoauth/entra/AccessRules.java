package io.github.apimoauth.entra;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpMethod;

/**
 * Who may call what, once the token is valid: the allowlists first (tenant, application, principal; each on only when
 * configured), then the roles of the first operation rule matching the request. A request no rule matches is denied.
 * Both hops ask {@link #decide}; each turns a denial into its own answer (APIM's message, Easy Auth's problem body).
 * <p>
 * Allowlist values are ids (GUIDs), compared without regard to case.
 */
public final class AccessRules {

    /** The check that decided. */
    public enum Check {

        ALLOWED_TENANTS("allowed-tenants"), ALLOWED_APPLICATIONS("allowed-applications"),
        ALLOWED_PRINCIPALS("allowed-principals"), ROLES("roles");

        private final String label;

        Check(String label) {
            this.label = label;
        }

        /** The setting's name, as the backend's answers and both hops' logs show it. */
        public String label() {
            return label;
        }
    }

    /**
     * Allow, or deny with the check that denied and why.
     *
     * @param allowed whether the caller may go on
     * @param check the check that denied, or {@link Check#ROLES} when allowed
     * @param rule the operation rule that matched; null when none did, or when roles are not checked
     * @param reason why, for answers and logs: ids, methods, paths and roles, never a token
     */
    public record Decision(boolean allowed, Check check, OperationRule rule, String reason) {

        /** Denied because no operation rule covers the request. */
        public boolean noRule() {
            return !allowed && check == Check.ROLES && rule == null;
        }
    }

    private final Set<String> tenants;

    private final Set<String> applications;

    private final Set<String> principals;

    private final OperationRoles operations;

    private AccessRules(Builder builder) {
        this.tenants = builder.tenants;
        this.applications = builder.applications;
        this.principals = builder.principals;
        this.operations = builder.operations;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these rules' lists and operations, so that one list can be replaced and the rest kept: the
     * caller policy puts its run-time allowlists in place of the configured ones this way, with the same semantics.
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.tenants = tenants;
        builder.applications = applications;
        builder.principals = principals;
        builder.operations = operations;
        builder.rolesDecided = true;
        return builder;
    }

    public Decision decide(HttpMethod method, String path, EntraCaller caller) {
        if (!allowed(tenants, caller.tenantId())) {
            return deny(Check.ALLOWED_TENANTS, null, "tenant " + caller.tenantId() + " is not allowed");
        }
        if (!allowed(applications, caller.appId())) {
            return deny(Check.ALLOWED_APPLICATIONS, null, "application " + caller.appId() + " is not allowed");
        }
        if (!allowed(principals, caller.objectId())) {
            return deny(Check.ALLOWED_PRINCIPALS, null, "principal " + caller.objectId() + " is not allowed");
        }
        if (operations == null) {
            return new Decision(true, Check.ROLES, null, "no role required");
        }
        Optional<OperationRule> found = operations.find(method, path);
        if (found.isEmpty()) {
            return deny(Check.ROLES, null, "no operation rule covers " + method.name() + " " + path);
        }
        OperationRule rule = found.get();
        if (!rule.isSatisfiedBy(caller.roles())) {
            return deny(Check.ROLES, rule, method.name() + " " + path + " requires " + rule.match() + " of " + rule.roles()
                    + "; the token has " + caller.roles());
        }
        return new Decision(true, Check.ROLES, rule, "roles " + caller.roles() + " satisfy " + rule.match() + " of " + rule.roles());
    }

    private static Decision deny(Check check, OperationRule rule, String reason) {
        return new Decision(false, check, rule, reason);
    }

    /** A null list is a check that is off; a missing claim never passes one that is on. */
    private static boolean allowed(Set<String> allowlist, String value) {
        return allowlist == null || value != null && allowlist.contains(value.toLowerCase(Locale.ROOT));
    }

    /**
     * Turns each check on by giving its list; a list given empty is refused, as an empty list never means "allow all".
     * Roles must be decided explicitly: {@link #operations} or {@link #withoutRoles}.
     */
    public static final class Builder {

        private Set<String> tenants;

        private Set<String> applications;

        private Set<String> principals;

        private OperationRoles operations;

        private boolean rolesDecided;

        private Builder() {
        }

        public Builder allowedTenants(Collection<String> values) {
            this.tenants = ids(values, Check.ALLOWED_TENANTS);
            return this;
        }

        public Builder allowedApplications(Collection<String> values) {
            this.applications = ids(values, Check.ALLOWED_APPLICATIONS);
            return this;
        }

        public Builder allowedPrincipals(Collection<String> values) {
            this.principals = ids(values, Check.ALLOWED_PRINCIPALS);
            return this;
        }

        public Builder operations(List<OperationRule> rules) {
            if (rules == null || rules.isEmpty()) {
                throw new IllegalArgumentException("operations must list at least one rule: no rule would deny every request");
            }
            this.operations = new OperationRoles(rules);
            this.rolesDecided = true;
            return this;
        }

        /** No role is checked: only for callers that need none, and only when said so. */
        public Builder withoutRoles() {
            this.operations = null;
            this.rolesDecided = true;
            return this;
        }

        public AccessRules build() {
            if (!rolesDecided) {
                throw new IllegalStateException("Access rules need their operations, or withoutRoles() said explicitly");
            }
            return new AccessRules(this);
        }

        private static Set<String> ids(Collection<String> values, Check check) {
            if (values == null || values.isEmpty() || values.stream().anyMatch(v -> v == null || v.isBlank())) {
                throw new IllegalArgumentException(check.label() + " must list at least one id, none blank: "
                        + "an empty list never means 'allow all'");
            }
            return values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }
    }
}
