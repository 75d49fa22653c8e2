package io.github.apimoauth.azure.appconfig;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.apimoauth.entra.policy.CallerPolicy;

/**
 * Where the caller policy stands, as each hop's readiness shows it. Ready once a policy is in force. Degraded, still
 * ready, while the last good policy serves although the store did not answer its last check (stale) or holds a
 * document that was refused (malformed): both keep the last good policy, never an emptier one.
 *
 * @param source {@code embedded} (no store configured) or {@code app-configuration}
 * @param loaded whether a policy is in force; false only while a configured store has never been read
 * @param version the version of the policy in force (the sentinel's value); null when none is
 * @param lastRead when the store last answered a check; null when it never has (or for the embedded policy)
 * @param staleSince when the store stopped answering, since when the policy in force may be out of date; null while it
 *        answers
 * @param lastError why the latest check failed: the kind of failure and the HTTP status, never a response body
 * @param malformed the key and reason of the document last refused, while the policy in force is an older one
 */
public record PolicyStatus(String source, boolean loaded, String version, Instant lastRead, Instant staleSince,
        String lastError, String malformed) {

    /** The embedded policy's status: always in force, never stale. */
    public static final PolicyStatus EMBEDDED = new PolicyStatus("embedded", true, CallerPolicy.EMBEDDED_VERSION, null, null,
            null, null);

    static final String APP_CONFIGURATION = "app-configuration";

    /** Nothing read from the store yet. */
    static PolicyStatus loading() {
        return new PolicyStatus(APP_CONFIGURATION, false, null, null, null, null, null);
    }

    /** The policy in force is older than the store's document, or may be: readiness shows DEGRADED. */
    public boolean degraded() {
        return staleSince != null || malformed != null;
    }

    /** One word for the state: loading, current, stale or malformed. */
    public String state() {
        return !loaded ? "loading" : staleSince != null ? "stale" : malformed != null ? "malformed" : "current";
    }

    /** The readiness details: source, state, policyVersion, and each timestamp and problem that is set. */
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", source);
        details.put("state", state());
        details.put("policyVersion", version == null ? "none" : version);
        putIfSet(details, "lastRead", lastRead);
        putIfSet(details, "staleSince", staleSince);
        putIfSet(details, "lastError", lastError);
        putIfSet(details, "malformed", malformed);
        return details;
    }

    PolicyStatus answered(Instant now) {
        return new PolicyStatus(source, loaded, version, now, null, null, malformed);
    }

    PolicyStatus applied(String appliedVersion, Instant now) {
        return new PolicyStatus(source, true, appliedVersion, now, null, null, null);
    }

    PolicyStatus refused(String problem, Instant now) {
        return new PolicyStatus(source, loaded, version, now, null, null, problem);
    }

    PolicyStatus failed(String error, Instant now) {
        return new PolicyStatus(source, loaded, version, lastRead, staleSince == null ? now : staleSince, error, malformed);
    }

    private static void putIfSet(Map<String, Object> details, String name, Object value) {
        if (value != null) {
            details.put(name, value.toString());
        }
    }
}
