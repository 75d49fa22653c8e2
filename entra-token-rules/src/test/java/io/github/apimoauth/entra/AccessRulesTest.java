package io.github.apimoauth.entra;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The one access decision of both hops: allowlists, then roles of the first matching rule, and no rule means deny. */
class AccessRulesTest {

    private static final List<OperationRule> OPERATIONS = List.of(
            new OperationRule(Set.of("GET"), "/api/**", List.of("Backend.Read"), RoleMatch.ANY),
            new OperationRule(Set.of("POST", "PUT"), "/api/**", List.of("Backend.Write", "Backend.Admin"), RoleMatch.ALL));

    private static final AccessRules ALL_CHECKS = AccessRules.builder().allowedTenants(List.of("tenant-a"))
        .allowedApplications(List.of("app-a")).allowedPrincipals(List.of("oid-a")).operations(OPERATIONS).build();

    private static EntraCaller caller(String tid, String app, String oid, String... roles) {
        return new EntraCaller(tid, app, oid, List.of(roles), "2.0");
    }

    @Test
    void decideWhenAllowedCallerHoldsTheRoleThenAllowedByThatRule() {
        AccessRules.Decision decision = ALL_CHECKS.decide(HttpMethod.GET, "/api/greeting", caller("tenant-a", "app-a", "oid-a", "Backend.Read"));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.rule()).isEqualTo(OPERATIONS.get(0));
        assertThat(decision.reason()).isEqualTo("roles [Backend.Read] satisfy ANY of [Backend.Read]");
    }

    @Test
    void decideWhenAnAllowlistFailsThenDeniedByTheFirstFailingOneBeforeRoles() {
        AccessRules.Decision tenant = ALL_CHECKS.decide(HttpMethod.GET, "/api/greeting", caller("tenant-b", "app-b", "oid-b"));
        AccessRules.Decision app = ALL_CHECKS.decide(HttpMethod.GET, "/api/greeting", caller("tenant-a", null, "oid-b"));
        AccessRules.Decision principal = ALL_CHECKS.decide(HttpMethod.GET, "/api/greeting", caller("tenant-a", "app-a", "oid-b"));

        assertThat(tenant).isEqualTo(new AccessRules.Decision(false, AccessRules.Check.ALLOWED_TENANTS, null,
                "tenant tenant-b is not allowed"));
        assertThat(app).isEqualTo(new AccessRules.Decision(false, AccessRules.Check.ALLOWED_APPLICATIONS, null,
                "application null is not allowed"));
        assertThat(principal).isEqualTo(new AccessRules.Decision(false, AccessRules.Check.ALLOWED_PRINCIPALS, null,
                "principal oid-b is not allowed"));
    }

    @Test
    void decideWhenRoleMissingOrNoRuleMatchesThenDeniedByRoles() {
        AccessRules.Decision missing = ALL_CHECKS.decide(HttpMethod.POST, "/api/greeting",
                caller("tenant-a", "app-a", "oid-a", "Backend.Write"));
        AccessRules.Decision noRule = ALL_CHECKS.decide(HttpMethod.DELETE, "/api/greeting",
                caller("tenant-a", "app-a", "oid-a", "Backend.Write", "Backend.Admin"));

        assertThat(missing).isEqualTo(new AccessRules.Decision(false, AccessRules.Check.ROLES, OPERATIONS.get(1),
                "POST /api/greeting requires ALL of [Backend.Write, Backend.Admin]; the token has [Backend.Write]"));
        assertThat(missing.noRule()).isFalse();
        assertThat(noRule).isEqualTo(new AccessRules.Decision(false, AccessRules.Check.ROLES, null,
                "no operation rule covers DELETE /api/greeting"));
        assertThat(noRule.noRule()).isTrue();
    }

    @Test
    void decideWhenIdsDifferOnlyInCaseThenAllowed() {
        AccessRules rules = AccessRules.builder().allowedApplications(List.of(" B3116A01-1552-4498-9C17-E9AA271D0487 "))
            .operations(OPERATIONS).build();

        assertThat(rules.decide(HttpMethod.GET, "/api/x", caller("t", "b3116a01-1552-4498-9c17-e9aa271d0487", "o", "Backend.Read"))
            .allowed()).isTrue();
    }

    @Test
    void decideWhenChecksOffAndRolesNotRequiredThenAnyValidCallerAllowed() {
        AccessRules rules = AccessRules.builder().withoutRoles().build();

        AccessRules.Decision decision = rules.decide(HttpMethod.OPTIONS, "/anything", caller(null, null, null));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.rule()).isNull();
    }

    @Test
    void toBuilderWhenOneListReplacedThenTheOtherListsAndOperationsKept() {
        AccessRules replaced = ALL_CHECKS.toBuilder().allowedApplications(List.of("APP-B")).build();

        assertThat(replaced.decide(HttpMethod.GET, "/api/greeting", caller("tenant-a", "app-b", "oid-a", "Backend.Read")).allowed())
            .isTrue();
        assertThat(replaced.decide(HttpMethod.GET, "/api/greeting", caller("tenant-a", "app-a", "oid-a", "Backend.Read")).check())
            .isEqualTo(AccessRules.Check.ALLOWED_APPLICATIONS);
        assertThat(replaced.decide(HttpMethod.GET, "/api/greeting", caller("tenant-b", "app-b", "oid-a", "Backend.Read")).check())
            .isEqualTo(AccessRules.Check.ALLOWED_TENANTS);
        assertThat(replaced.decide(HttpMethod.DELETE, "/api/greeting", caller("tenant-a", "app-b", "oid-a", "Backend.Read")).noRule())
            .isTrue();
        assertThat(ALL_CHECKS.decide(HttpMethod.GET, "/api/greeting", caller("tenant-a", "app-a", "oid-a", "Backend.Read")).allowed())
            .as("the original rules unchanged").isTrue();
    }

    @Test
    void buildWhenListEmptyOrRolesUndecidedThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> AccessRules.builder().allowedTenants(List.of()))
            .withMessageContaining("allowed-tenants").withMessageContaining("never means 'allow all'");
        assertThatIllegalArgumentException().isThrownBy(() -> AccessRules.builder().allowedApplications(List.of(" ")));
        assertThatIllegalArgumentException().isThrownBy(() -> AccessRules.builder().operations(List.of()));
        assertThatIllegalStateException().isThrownBy(() -> AccessRules.builder().allowedTenants(List.of("t")).build());
    }
}
