package io.github.apimoauth.entra.policy;

/**
 * What the caller policy says of one call, with the policy version that said it, for the decision log.
 *
 * @param kind allowed, or what was revoked
 * @param message the answer's message, APIM-style: names the revoked token (its uti), application or principal, never
 *        the token itself; null when allowed
 * @param detail for the log: the store key that decided and the operator's reason when one was given
 * @param policyVersion the version (the sentinel's value) of the policy that decided
 */
public record PolicyDecision(Kind kind, String message, String detail, String policyVersion) {

    /** Allowed, or what was revoked, and how each hop answers it. */
    public enum Kind {

        ALLOWED, REVOKED_TOKEN, REVOKED_APPLICATION, REVOKED_PRINCIPAL;

        /**
         * A revoked token (by uti, or issued before its application's cut-off) fails as an invalid token: 401 with
         * {@code WWW-Authenticate: Bearer error="invalid_token"} (at the gateway, its failed-validation-httpcode). A
         * revoked application or principal holds a valid token that is not authorised: 403 (at the gateway, its
         * failed-authorization-httpcode).
         */
        public boolean invalidToken() {
            return this == REVOKED_TOKEN;
        }
    }

    public boolean allowed() {
        return kind == Kind.ALLOWED;
    }

    static PolicyDecision allow(String policyVersion) {
        return new PolicyDecision(Kind.ALLOWED, null, "not revoked", policyVersion);
    }

    static PolicyDecision deny(Kind kind, String message, String key, String reason, String policyVersion) {
        String detail = reason == null ? key : key + " (reason: " + reason + ")";
        return new PolicyDecision(kind, message, detail, policyVersion);
    }
}
