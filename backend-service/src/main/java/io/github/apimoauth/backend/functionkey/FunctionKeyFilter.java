package io.github.apimoauth.backend.functionkey;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.apimoauth.backend.web.DecisionLog;
import io.github.apimoauth.backend.web.JsonResponses;
import io.github.apimoauth.entra.RefusalReason;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Functions host's key check, after Easy Auth-style authorisation and before any business logic, as in Azure.
 * A missing or wrong key is a 401; no key in force at all is a 503, never a pass. The key goes in the header; the
 * code query parameter counts only when accept-query-parameter is on.
 */
public final class FunctionKeyFilter extends OncePerRequestFilter {

    /** A challenge naming where the key goes: 401 must carry one, and this key is no bearer token. */
    static final String CHALLENGE = "FunctionKey header=\"%s\"";

    private final FunctionKeys keys;

    private final FunctionKeyProperties properties;

    private final JsonResponses responses;

    private final DecisionLog decisions;

    public FunctionKeyFilter(FunctionKeys keys, FunctionKeyProperties properties, JsonResponses responses, DecisionLog decisions) {
        this.keys = keys;
        this.properties = properties;
        this.responses = responses;
        this.decisions = decisions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!keys.state().loaded()) {
            decisions.denied(request, "function-key", RefusalReason.KEY_UNAVAILABLE,
                    "no function key in force (not loaded yet, revoked in Key Vault, or too stale)");
            responses.writeError(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "key_unavailable",
                    "No valid function key is loaded from Key Vault; try again shortly.");
            return;
        }
        String presented = request.getHeader(properties.getHeaderName());
        if (presented == null && properties.isAcceptQueryParameter()) {
            presented = request.getParameter("code");
        }
        if (presented == null || !keys.matches(presented)) {
            String reason = presented == null ? "missing function key" : "wrong function key";
            decisions.denied(request, "function-key", presented == null ? RefusalReason.MISSING_KEY : RefusalReason.INVALID_KEY,
                    reason);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE.formatted(properties.getHeaderName()));
            responses.writeError(request, response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_function_key",
                    presented == null ? "A function key is required in the " + properties.getHeaderName() + " header."
                            : "The function key is not valid.");
            return;
        }
        decisions.allowed(request, "token, allowlists, roles and function key passed");
        chain.doFilter(request, response);
    }
}
