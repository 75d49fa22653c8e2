package io.github.apimoauth.backend.auth;

import org.springframework.security.authorization.AuthorizationDecision;

/**
 * An authorisation decision that names the check that decided it, so a 403 body and the decision log can say which
 * rule refused the caller (allowed-tenants, allowed-applications, allowed-principals or roles).
 */
final class AuthorizationVerdict extends AuthorizationDecision {

    private final String check;

    private final String reason;

    private AuthorizationVerdict(boolean granted, String check, String reason) {
        super(granted);
        this.check = check;
        this.reason = reason;
    }

    static AuthorizationVerdict granted(String reason) {
        return new AuthorizationVerdict(true, "all", reason);
    }

    static AuthorizationVerdict denied(String check, String reason) {
        return new AuthorizationVerdict(false, check, reason);
    }

    String check() {
        return check;
    }

    String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return (isGranted() ? "granted" : "denied") + " by " + check + ": " + reason;
    }
}
