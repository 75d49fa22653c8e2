package io.github.apimoauth.backend.auth;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.apimoauth.azure.appconfig.PolicyStore;
import io.github.apimoauth.backend.web.Callers;
import io.github.apimoauth.backend.web.DecisionLog;
import io.github.apimoauth.backend.web.JsonResponses;
import io.github.apimoauth.backend.web.RequestPolicy;
import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.entra.RefusalReason;
import io.github.apimoauth.entra.policy.CallerPolicy;
import io.github.apimoauth.entra.policy.PolicyDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The caller policy's revocations, right after the token was validated and before Easy Auth's allowlists: a revoked
 * token (by uti, or issued before its application's cut-off) is answered as any invalid token, 401 invalid_token; a
 * revoked application or principal as any refused caller, 403 insufficient_scope naming what was revoked. The policy
 * asked is kept on the request, so the allowlists and roles after this are decided by the same version.
 * <p>
 * No policy at all (a configured store never read yet) is a 503, never a pass: readiness is DOWN meanwhile.
 */
final class CallerPolicyFilter extends OncePerRequestFilter {

    private final PolicyStore policies;

    private final JsonAuthErrorHandlers errors;

    private final JsonResponses responses;

    private final DecisionLog decisions;

    CallerPolicyFilter(PolicyStore policies, JsonAuthErrorHandlers errors, JsonResponses responses, DecisionLog decisions) {
        this.policies = policies;
        this.errors = errors;
        this.responses = responses;
        this.decisions = decisions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            // No validated token: the authorisation after this refuses it (401), as without a policy.
            chain.doFilter(request, response);
            return;
        }
        Optional<CallerPolicy> current = policies.current();
        if (current.isEmpty()) {
            decisions.denied(request, "caller-policy", RefusalReason.POLICY_UNAVAILABLE,
                    "no caller policy read from App Configuration yet");
            responses.writeError(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "policy_unavailable",
                    "The caller policy is not loaded from App Configuration yet; try again shortly.");
            return;
        }
        CallerPolicy policy = current.get();
        RequestPolicy.set(request, policy);
        EntraCaller caller = Callers.of(request, token).orElseThrow();
        PolicyDecision decision = policy.check(caller, token.getToken());
        if (decision.kind().invalidToken()) {
            errors.commence(request, response, new InvalidBearerTokenException(decision.message()), RefusalReason.REVOKED);
            return;
        }
        if (!decision.allowed()) {
            String check = decision.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
            // The message only: the operator's reason in the decision's detail is for the store's history, not callers.
            errors.handle(request, response, new AuthorizationDeniedException(decision.message(),
                    AuthorizationVerdict.denied(check, RefusalReason.REVOKED, decision.message())));
            return;
        }
        chain.doFilter(request, response);
    }
}
