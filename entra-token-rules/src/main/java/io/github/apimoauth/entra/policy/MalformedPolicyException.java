package io.github.apimoauth.entra.policy;

/**
 * A caller policy document that must not be applied: the key that failed and why. The store keeps the last good policy,
 * logs both and shows them in readiness. Neither part quotes a value beyond ids: a value could be anything an operator
 * typed.
 */
public final class MalformedPolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String key;

    private final String reason;

    public MalformedPolicyException(String key, String reason) {
        super(key + ": " + reason);
        this.key = key;
        this.reason = reason;
    }

    /** The whole store key, prefix included, as an operator would look it up. */
    public String key() {
        return key;
    }

    /** Why the key's name or value was refused. */
    public String reason() {
        return reason;
    }
}
