package io.github.apimoauth.backend.auth;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import io.github.apimoauth.backend.web.Callers;
import io.github.apimoauth.entra.AccessRules;
import io.github.apimoauth.entra.EntraCaller;
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
 */
final class EasyAuthAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

    private final AccessRules rules;

    EasyAuthAuthorizationManager(AccessRules rules) {
        this.rules = rules;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        // Parsed once here and kept on the request for the decision log and the answer.
        Optional<EntraCaller> caller = Callers.of(request, authentication.get());
        if (caller.isEmpty()) {
            return AuthorizationVerdict.denied("token", "no validated bearer token");
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        AccessRules.Decision decision = rules.decide(HttpMethod.valueOf(request.getMethod()), path, caller.get());
        return decision.allowed() ? AuthorizationVerdict.granted(decision.reason())
                : AuthorizationVerdict.denied(decision.check().label(), decision.reason());
    }
}
