package io.github.apimoauth.backend.auth;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.apimoauth.backend.web.DecisionLog;
import io.github.apimoauth.backend.web.JsonResponses;
import io.github.apimoauth.entra.RefusalReason;
import io.github.apimoauth.entra.SigningKeyNotFoundException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * RFC 6750 refusals with a JSON body. Spring Security's bearer handlers set the status and the WWW-Authenticate
 * challenge; these add the body naming the failed check, and the decision log line.
 */
final class JsonAuthErrorHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint entryPoint = new BearerTokenAuthenticationEntryPoint();

    private final BearerTokenAccessDeniedHandler deniedHandler = new BearerTokenAccessDeniedHandler();

    private final JsonResponses responses;

    private final DecisionLog decisions;

    JsonAuthErrorHandlers(JsonResponses responses, DecisionLog decisions) {
        this.responses = responses;
        this.decisions = decisions;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex) throws IOException {
        commence(request, response, ex, ex instanceof OAuth2AuthenticationException ? RefusalReason.ofTokenFailure(ex)
                : RefusalReason.MISSING_TOKEN);
    }

    /** A refusal as invalid_token whose kind the caller knows: a token the caller policy revoked. */
    void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex, RefusalReason kind)
            throws IOException {
        entryPoint.commence(request, response, ex);
        boolean tokenPresent = ex instanceof OAuth2AuthenticationException;
        String message = tokenPresent ? describe((OAuth2AuthenticationException) ex) : "A bearer token is required.";
        if (ex.getCause() instanceof SigningKeyNotFoundException notFound) {
            // Anyone can make up a kid: a stream of them must not become a stream of log lines.
            decisions.deniedSigningKey(request, notFound, message);
        }
        else {
            decisions.denied(request, "token", kind, message);
        }
        responses.writeError(request, response, HttpServletResponse.SC_UNAUTHORIZED, tokenPresent ? "invalid_token" : "unauthorized", message);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex) throws IOException {
        deniedHandler.handle(request, response, ex);
        String check = "authorization";
        // Spring Security's own denial, without a verdict of ours: an authorisation rule, as the roles are.
        RefusalReason kind = RefusalReason.ROLE;
        String reason = "Access denied.";
        if (ex instanceof AuthorizationDeniedException denied && denied.getAuthorizationResult() instanceof AuthorizationVerdict verdict) {
            check = verdict.check();
            kind = verdict.kind();
            reason = verdict.reason();
        }
        decisions.denied(request, check, kind, reason);
        responses.writeError(request, response, HttpServletResponse.SC_FORBIDDEN, "insufficient_scope", "Denied by " + check + ": " + reason);
    }

    /** The validator's own description (which claim failed), never the token. */
    private static String describe(OAuth2AuthenticationException ex) {
        String description = ex.getError().getDescription();
        return description == null ? "The bearer token is not valid." : description;
    }
}
