package io.github.apimoauth.backend.auth;

import io.github.apimoauth.entra.RefusalReason;
import org.springframework.security.authorization.AuthorizationDecision;

/**
 * An authorisation decision that names the check that decided it, so a 403 body and the decision log can say which
 * rule refused the caller (allowed-tenants, allowed-applications, allowed-principals or roles).
 */
final class AuthorizationVerdict extends AuthorizationDecision {

    private final String check;

    private final RefusalReason kind;

    private final String reason;

    private AuthorizationVerdict(boolean granted, String check, RefusalReason kind, String reason) {
        super(granted);
        this.check = check;
        this.kind = kind;
        this.reason = reason;
    }

    static AuthorizationVerdict granted(String reason) {
        return new AuthorizationVerdict(true, "all", null, reason);
    }

    static AuthorizationVerdict denied(String check, RefusalReason kind, String reason) {
        return new AuthorizationVerdict(false, check, kind, reason);
    }

    String check() {
        return check;
    }

    /** The kind of refusal, for the decision counters; null when granted. */
    RefusalReason kind() {
        return kind;
    }

    String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return (isGranted() ? "granted" : "denied") + " by " + check + ": " + reason;
    }
}
