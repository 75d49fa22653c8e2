package io.github.apimoauth.backend.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import io.github.apimoauth.entra.policy.CallerPolicy;

/**
 * The caller policy a request is decided by, taken once when the caller policy check runs and then kept on the
 * request: a policy swapped in mid-request cannot make the revocation check and the allowlists disagree, and the
 * decision log names the version that decided.
 */
public final class RequestPolicy {

    private static final String ATTRIBUTE = RequestPolicy.class.getName() + ".policy";

    private RequestPolicy() {
    }

    public static void set(HttpServletRequest request, CallerPolicy policy) {
        request.setAttribute(ATTRIBUTE, policy);
    }

    /** The policy this request is decided by; empty before the caller policy check ran. */
    public static Optional<CallerPolicy> of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof CallerPolicy policy ? Optional.of(policy) : Optional.empty();
    }
}
