package io.github.apimoauth.backend.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import io.github.apimoauth.entra.EntraCaller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The caller of a request's validated token, parsed from its claims once and then kept on the request: the access
 * decision, the decision log and the answer all read the same {@link EntraCaller}.
 */
public final class Callers {

    private static final String ATTRIBUTE = Callers.class.getName() + ".caller";

    private Callers() {
    }

    /** The caller of this authentication, parsed at the first ask; empty without a validated bearer token. */
    public static Optional<EntraCaller> of(HttpServletRequest request, Authentication authentication) {
        if (request.getAttribute(ATTRIBUTE) instanceof EntraCaller known) {
            return Optional.of(known);
        }
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            return Optional.empty();
        }
        EntraCaller caller = EntraCaller.from(token.getToken());
        request.setAttribute(ATTRIBUTE, caller);
        return Optional.of(caller);
    }

    /** The caller of the request being served, as the security context authenticated it. */
    public static Optional<EntraCaller> of(HttpServletRequest request) {
        return of(request, SecurityContextHolder.getContext().getAuthentication());
    }
}
