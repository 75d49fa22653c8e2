package io.github.apimoauth.backend.auth;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import io.github.apimoauth.azure.appconfig.PolicyStore;
import io.github.apimoauth.backend.web.Callers;
import io.github.apimoauth.backend.web.RequestPolicy;
import io.github.apimoauth.entra.AccessRules;
import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.entra.RefusalReason;
import io.github.apimoauth.entra.policy.CallerPolicy;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Easy Auth's defaultAuthorizationPolicy plus the role check Easy Auth leaves to the app, as the shared
 * {@link AccessRules} decide it (the gateway asks the same rules): the caller's tenant (tid), application (azp or
 * appid) and principal (oid) must each be allowed, and its roles must satisfy the first operation rule matching the
 * request. A request no rule matches is refused.
 * <p>
 * The caller policy in force sets the allowlists at run time, each in place of the configured one when it has it
 * (built once per policy, not per request), and narrows the caller's roles to those it allows, as the gateway does.
 */
final class EasyAuthAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

    /** The rules as one policy sets them, built when that policy is first used: once per swap. */
    private record PolicyRules(CallerPolicy policy, AccessRules rules) {
    }

    private final AccessRules rules;

    private final PolicyStore policies;

    private volatile PolicyRules policyRules;

    EasyAuthAuthorizationManager(AccessRules rules, PolicyStore policies) {
        this.rules = rules;
        this.policies = policies;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        // Parsed once here and kept on the request for the decision log and the answer.
        Optional<EntraCaller> caller = Callers.of(request, authentication.get());
        if (caller.isEmpty()) {
            return AuthorizationVerdict.denied("token", RefusalReason.MISSING_TOKEN, "no validated bearer token");
        }
        // The policy the revocation check asked; that check answers 503 itself while there is none.
        Optional<CallerPolicy> policy = RequestPolicy.of(request).or(policies::current);
        if (policy.isEmpty()) {
            return AuthorizationVerdict.denied("caller-policy", RefusalReason.POLICY_UNAVAILABLE,
                    "no caller policy read from App Configuration yet");
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        AccessRules.Decision decision = rulesFor(policy.get()).decide(HttpMethod.valueOf(request.getMethod()), path,
                policy.get().restrict(caller.get()));
        return decision.allowed() ? AuthorizationVerdict.granted(decision.reason())
                : AuthorizationVerdict.denied(decision.check().label(), RefusalReason.of(decision.check()), decision.reason());
    }

    private AccessRules rulesFor(CallerPolicy policy) {
        PolicyRules known = policyRules;
        if (known == null || known.policy() != policy) {
            known = new PolicyRules(policy, policy.backendAccess(rules));
            policyRules = known;
        }
        return known.rules();
    }
}
