package io.github.apimoauth.backend.auth;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.entra.OperationRoles;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Easy Auth's defaultAuthorizationPolicy plus the role check Easy Auth leaves to the app: the caller's tenant (tid),
 * application (azp or appid) and principal (oid) must each be allowed, and its roles must satisfy the first operation
 * rule matching the request. A request no rule matches is refused.
 */
final class EasyAuthAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

    private final Set<String> tenants;

    private final Set<String> applications;

    private final Set<String> principals;

    private final OperationRoles operations;

    /** A null set means the check was explicitly turned off. */
    EasyAuthAuthorizationManager(Set<String> tenants, Set<String> applications, Set<String> principals, OperationRoles operations) {
        this.tenants = tenants;
        this.applications = applications;
        this.principals = principals;
        this.operations = operations;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        if (!(authentication.get() instanceof JwtAuthenticationToken token)) {
            return AuthorizationVerdict.denied("token", "no validated bearer token");
        }
        EntraCaller caller = EntraCaller.from(token.getToken());
        if (tenants != null && !contains(tenants, caller.tenantId())) {
            return AuthorizationVerdict.denied("allowed-tenants", "tenant " + caller.tenantId() + " is not allowed");
        }
        if (applications != null && !contains(applications, caller.appId())) {
            return AuthorizationVerdict.denied("allowed-applications", "application " + caller.appId() + " is not allowed");
        }
        if (principals != null && !contains(principals, caller.objectId())) {
            return AuthorizationVerdict.denied("allowed-principals", "principal " + caller.objectId() + " is not allowed");
        }
        HttpServletRequest request = context.getRequest();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return operations.find(HttpMethod.valueOf(request.getMethod()), path)
            .map(rule -> rule.isSatisfiedBy(caller.roles())
                    ? AuthorizationVerdict.granted("roles " + caller.roles() + " satisfy " + rule.match() + " of " + rule.roles())
                    : AuthorizationVerdict.denied("roles", request.getMethod() + " " + path + " requires " + rule.match()
                            + " of " + rule.roles() + "; the token has " + caller.roles()))
            .orElseGet(() -> AuthorizationVerdict.denied("roles", "no operation rule covers " + request.getMethod() + " " + path));
    }

    private static boolean contains(Set<String> allowed, String value) {
        return value != null && allowed.contains(value.toLowerCase(java.util.Locale.ROOT));
    }

    static Set<String> lowerCase(List<String> values) {
        return values.stream().map(v -> v.trim().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
