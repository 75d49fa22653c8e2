package io.github.apimoauth.entra.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.apimoauth.entra.AccessRules;
import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.entra.OperationRule;
import io.github.apimoauth.entra.RoleMatch;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The policy's decision: revoked token (401), application or principal (403), role restrictions, and the allowlists. */
class CallerPolicyTest {

    private static final String APP = "b3116a01-1552-4498-9c17-e9aa271d0487";

    private static final String OTHER_APP = "0d7f1c3e-52a4-4b8e-9a61-3f2d0c7b9e15";

    private static final String PRINCIPAL = "6c1f0e2a-9b3d-4f5e-8a7c-1d2e3f4a5b6c";

    private static final String TENANT = "28732aa9-1423-4e89-87fa-81c11b81002b";

    private static final String UTI = "AbC-12_xYz0aBcDeFgHiJk";

    private static final Instant CUTOFF = Instant.parse("2026-12-01T10:00:00Z");

    private static final List<OperationRule> OPERATIONS = List.of(
            new OperationRule(Set.of("GET"), "/backend/**", List.of("Backend.Read"), RoleMatch.ANY),
            new OperationRule(Set.of("POST"), "/backend/**", List.of("Backend.Write"), RoleMatch.ANY));

    private static EntraCaller caller(String app, String oid, String... roles) {
        return new EntraCaller(TENANT, app, oid, List.of(roles), "2.0");
    }

    private static CallerPolicy policy(Map<String, CallerPolicy.Revocation> apps, Map<String, CallerPolicy.Revocation> principals,
            Map<String, CallerPolicy.Revocation> tokens, Map<String, CallerPolicy.IssuedBefore> cutoffs,
            Map<String, CallerPolicy.RoleRestriction> restrictions, Allowlists allowlists) {
        return new CallerPolicy("7", apps, principals, tokens, cutoffs, restrictions, allowlists);
    }

    private static CallerPolicy revoking(Map<String, CallerPolicy.Revocation> apps, Map<String, CallerPolicy.Revocation> principals,
            Map<String, CallerPolicy.Revocation> tokens) {
        return policy(apps, principals, tokens, Map.of(), Map.of(), Allowlists.NONE);
    }

    @Test
    void checkWhenTokenRevokedByUtiThenRevokedTokenNamingItsUti() {
        CallerPolicy policy = revoking(Map.of(), Map.of(), Map.of(UTI, new CallerPolicy.Revocation("stolen")));

        PolicyDecision decision = policy.check(caller(APP, PRINCIPAL), CUTOFF, UTI);

        assertThat(decision).isEqualTo(new PolicyDecision(PolicyDecision.Kind.REVOKED_TOKEN,
                "Token " + UTI + " has been revoked. Access denied.", "revoked-token:" + UTI + " (reason: stolen)", "7"));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.kind().invalidToken()).isTrue();
        assertThat(policy.check(caller(APP, PRINCIPAL), CUTOFF, UTI.toLowerCase()).allowed()).as("a uti is compared exactly").isTrue();
        assertThat(policy.check(caller(APP, PRINCIPAL), CUTOFF, null).allowed()).isTrue();
    }

    @Test
    void checkWhenApplicationRevokedThenRevokedApplicationNamingIt() {
        CallerPolicy policy = revoking(Map.of(APP, new CallerPolicy.Revocation(null)), Map.of(), Map.of());

        PolicyDecision decision = policy.check(caller(APP, PRINCIPAL), CUTOFF, UTI);

        assertThat(decision).isEqualTo(new PolicyDecision(PolicyDecision.Kind.REVOKED_APPLICATION,
                "Client application " + APP + " has been revoked. Access denied.", "revoked-application:" + APP, "7"));
        assertThat(decision.kind().invalidToken()).isFalse();
        assertThat(policy.check(caller(OTHER_APP, PRINCIPAL), CUTOFF, UTI).allowed()).isTrue();
        assertThat(policy.check(caller(null, PRINCIPAL), CUTOFF, UTI).allowed()).isTrue();
    }

    @Test
    void checkWhenPrincipalRevokedThenRevokedPrincipalNamingIt() {
        CallerPolicy policy = revoking(Map.of(), Map.of(PRINCIPAL, new CallerPolicy.Revocation("left the team")), Map.of());

        PolicyDecision decision = policy.check(caller(APP, PRINCIPAL), CUTOFF, UTI);

        assertThat(decision).isEqualTo(new PolicyDecision(PolicyDecision.Kind.REVOKED_PRINCIPAL,
                "Principal " + PRINCIPAL + " has been revoked. Access denied.",
                "revoked-principal:" + PRINCIPAL + " (reason: left the team)", "7"));
        assertThat(decision.kind().invalidToken()).isFalse();
    }

    @Test
    void checkWhenTokenApplicationAndPrincipalAllRevokedThenTheTokenDecidesFirst() {
        CallerPolicy policy = revoking(Map.of(APP, new CallerPolicy.Revocation(null)),
                Map.of(PRINCIPAL, new CallerPolicy.Revocation(null)), Map.of(UTI, new CallerPolicy.Revocation(null)));

        assertThat(policy.check(caller(APP, PRINCIPAL), CUTOFF, UTI).kind()).isEqualTo(PolicyDecision.Kind.REVOKED_TOKEN);
        assertThat(policy.check(caller(APP, PRINCIPAL), CUTOFF, "other").kind()).isEqualTo(PolicyDecision.Kind.REVOKED_APPLICATION);
    }

    @Test
    void checkWhenIssuedBeforeTheCutOffThenRevokedTokenAndAtOrAfterItAllowed() {
        // "Tokens issued before T are revoked": iat < T refused; iat = T was issued at T, not before it, so it passes.
        CallerPolicy policy = policy(Map.of(), Map.of(), Map.of(), Map.of(APP, new CallerPolicy.IssuedBefore(CUTOFF, "key leaked")),
                Map.of(), Allowlists.NONE);

        PolicyDecision before = policy.check(caller(APP, PRINCIPAL), CUTOFF.minusSeconds(1), UTI);

        assertThat(before).isEqualTo(new PolicyDecision(PolicyDecision.Kind.REVOKED_TOKEN,
                "Tokens of client application " + APP + " issued before 2026-12-01T10:00:00Z have been revoked. Access denied.",
                "tokens-issued-before:" + APP + " iat 2026-12-01T09:59:59Z (reason: key leaked)", "7"));
        assertThat(policy.check(caller(APP, PRINCIPAL), CUTOFF, UTI).allowed()).isTrue();
        assertThat(policy.check(caller(APP, PRINCIPAL), CUTOFF.plusSeconds(1), UTI).allowed()).isTrue();
        assertThat(policy.check(caller(OTHER_APP, PRINCIPAL), CUTOFF.minusSeconds(1), UTI).allowed()).isTrue();
    }

    @Test
    void checkWhenCutOffAppliesAndTokenHasNoIatThenRevokedToken() {
        CallerPolicy policy = policy(Map.of(), Map.of(), Map.of(), Map.of(APP, new CallerPolicy.IssuedBefore(CUTOFF, null)),
                Map.of(), Allowlists.NONE);

        assertThat(policy.check(caller(APP, PRINCIPAL), null, UTI).kind()).isEqualTo(PolicyDecision.Kind.REVOKED_TOKEN);
    }

    @Test
    void checkWhenIdsDifferOnlyInCaseThenStillRevoked() {
        CallerPolicy policy = policy(Map.of(APP.toUpperCase(), new CallerPolicy.Revocation(null)),
                Map.of(PRINCIPAL, new CallerPolicy.Revocation(null)), Map.of(),
                Map.of(OTHER_APP.toUpperCase(), new CallerPolicy.IssuedBefore(CUTOFF, null)), Map.of(), Allowlists.NONE);

        assertThat(policy.check(caller(APP, null), CUTOFF, null).kind()).isEqualTo(PolicyDecision.Kind.REVOKED_APPLICATION);
        assertThat(policy.check(caller(OTHER_APP.toUpperCase(), null), CUTOFF.minusSeconds(1), null).kind())
            .isEqualTo(PolicyDecision.Kind.REVOKED_TOKEN);
        assertThat(policy.check(caller(null, PRINCIPAL.toUpperCase()), CUTOFF, null).kind())
            .isEqualTo(PolicyDecision.Kind.REVOKED_PRINCIPAL);
    }

    @Test
    void allowedRolesWhenApplicationRestrictedThenTheTokensRolesTheRestrictionAlsoNames() {
        CallerPolicy policy = policy(Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of(APP.toUpperCase(), new CallerPolicy.RoleRestriction(Set.of("Backend.Read", "Backend.Audit"), null)),
                Allowlists.NONE);

        assertThat(policy.allowedRoles(caller(APP, PRINCIPAL), List.of("Backend.Write", "Backend.Read")))
            .containsExactly("Backend.Read");
        assertThat(policy.allowedRoles(caller(APP, PRINCIPAL), List.of("backend.read"))).as("roles compared exactly").isEmpty();
        assertThat(policy.allowedRoles(caller(OTHER_APP, PRINCIPAL), List.of("Backend.Write"))).containsExactly("Backend.Write");
    }

    @Test
    void decideWhenRestrictedCallerHoldsWriteThenGetAllowedAndPostRefused() {
        // The case: the token still carries Backend.Write, the policy allows the app Backend.Read only.
        CallerPolicy policy = policy(Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of(APP, new CallerPolicy.RoleRestriction(Set.of("Backend.Read"), null)), Allowlists.NONE);
        AccessRules rules = AccessRules.builder().operations(OPERATIONS).build();
        EntraCaller restricted = policy.restrict(caller(APP, PRINCIPAL, "Backend.Read", "Backend.Write"));

        assertThat(restricted).isEqualTo(caller(APP, PRINCIPAL, "Backend.Read"));
        assertThat(rules.decide(HttpMethod.GET, "/backend/greeting", restricted).allowed()).isTrue();
        assertThat(rules.decide(HttpMethod.POST, "/backend/greeting", restricted)).isEqualTo(new AccessRules.Decision(false,
                AccessRules.Check.ROLES, OPERATIONS.get(1), "POST /backend/greeting requires ANY of [Backend.Write]; the token has [Backend.Read]"));
    }

    @Test
    void checkWhenEmptyPolicyThenEverythingTheYamlAllowsStaysAllowed() {
        AccessRules route = AccessRules.builder().allowedApplications(List.of(APP)).operations(OPERATIONS).build();
        EntraCaller caller = caller(APP, PRINCIPAL, "Backend.Read", "Backend.Write");

        assertThat(CallerPolicy.EMPTY.check(caller, CUTOFF, UTI)).isEqualTo(new PolicyDecision(PolicyDecision.Kind.ALLOWED, null,
                "not revoked", CallerPolicy.EMBEDDED_VERSION));
        assertThat(CallerPolicy.EMPTY.restrict(caller)).isSameAs(caller);
        assertThat(CallerPolicy.EMPTY.gatewayAccess(route)).isSameAs(route);
        assertThat(CallerPolicy.EMPTY.backendAccess(route)).isSameAs(route);
    }

    @Test
    void gatewayAccessWhenPolicyListsClientApplicationsThenTheyReplaceTheRoutesInAnyCase() {
        CallerPolicy policy = policy(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                new Allowlists(Optional.of(Set.of(OTHER_APP.toUpperCase())), Optional.empty(), Optional.empty(), Optional.empty()));
        AccessRules route = AccessRules.builder().allowedApplications(List.of(APP)).operations(OPERATIONS).build();
        AccessRules anyApplication = AccessRules.builder().operations(OPERATIONS).build();

        AccessRules replaced = policy.gatewayAccess(route);

        assertThat(replaced.decide(HttpMethod.GET, "/backend/x", caller(APP, PRINCIPAL, "Backend.Read"))).isEqualTo(
                new AccessRules.Decision(false, AccessRules.Check.ALLOWED_APPLICATIONS, null, "application " + APP + " is not allowed"));
        assertThat(replaced.decide(HttpMethod.GET, "/backend/x", caller(OTHER_APP, PRINCIPAL, "Backend.Read")).allowed()).isTrue();
        assertThat(policy.gatewayAccess(anyApplication).decide(HttpMethod.GET, "/backend/x", caller(APP, PRINCIPAL, "Backend.Read"))
            .allowed()).as("a list present is enforced where the route had none").isFalse();
    }

    @Test
    void backendAccessWhenPolicyListsSomeThenThoseReplacedAndTheOthersKept() {
        String otherTenant = "4f9e8d7c-6b5a-4321-8fed-cba987654321";
        CallerPolicy policy = policy(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                new Allowlists(Optional.empty(), Optional.of(Set.of(otherTenant)), Optional.empty(), Optional.of(Set.of(PRINCIPAL))));
        AccessRules configured = AccessRules.builder().allowedTenants(List.of(TENANT)).allowedApplications(List.of(APP))
            .operations(OPERATIONS).build();

        AccessRules replaced = policy.backendAccess(configured);

        assertThat(replaced.decide(HttpMethod.GET, "/backend/x", caller(APP, PRINCIPAL, "Backend.Read")).check())
            .isEqualTo(AccessRules.Check.ALLOWED_TENANTS);
        EntraCaller inOtherTenant = new EntraCaller(otherTenant, APP, PRINCIPAL, List.of("Backend.Read"), "2.0");
        assertThat(replaced.decide(HttpMethod.GET, "/backend/x", inOtherTenant).allowed()).isTrue();
        EntraCaller otherApp = new EntraCaller(otherTenant, OTHER_APP, PRINCIPAL, List.of("Backend.Read"), "2.0");
        assertThat(replaced.decide(HttpMethod.GET, "/backend/x", otherApp).check()).as("the configured applications kept")
            .isEqualTo(AccessRules.Check.ALLOWED_APPLICATIONS);
    }

    @Test
    void newPolicyWhenIdNotAGuidOrListEmptyThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> revoking(Map.of("frontend", new CallerPolicy.Revocation(null)),
                Map.of(), Map.of())).withMessageContaining("is not a GUID");
        assertThatIllegalArgumentException().isThrownBy(() -> revoking(Map.of(APP, new CallerPolicy.Revocation(null),
                APP.toUpperCase(), new CallerPolicy.Revocation(null)), Map.of(), Map.of())).withMessageContaining("listed twice");
        assertThatIllegalArgumentException().isThrownBy(() -> revoking(Map.of(), Map.of(), Map.of("a+b", new CallerPolicy.Revocation(null))))
            .withMessageContaining("is not a uti");
        assertThatIllegalArgumentException().isThrownBy(() -> new Allowlists(Optional.of(Set.of()), Optional.empty(), Optional.empty(),
                Optional.empty())).withMessageContaining("gateway:client-application-ids must list at least one id");
        assertThatIllegalArgumentException().isThrownBy(() -> new CallerPolicy.RoleRestriction(Set.of(), null));
        assertThatIllegalArgumentException().isThrownBy(() -> new CallerPolicy(" ", Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                Allowlists.NONE)).withMessageContaining("version");
    }
}
