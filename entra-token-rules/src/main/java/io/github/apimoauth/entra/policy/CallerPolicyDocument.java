package io.github.apimoauth.entra.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the caller policy from the store's key-values: one key per fact under the prefix, so that a revocation is one
 * write. The whole document is refused at its first bad key (its name or its value), never applied in part; the keys
 * are read in order, so the same document always names the same key.
 * <p>
 * The keys, after the prefix: {@code sentinel} (the version, required); {@code revoked-application:<client id>},
 * {@code revoked-principal:<object id>} and {@code revoked-token:<uti>}, each {@code {"reason": "..."}};
 * {@code tokens-issued-before:<client id>}, {@code {"before": "<instant>"}}; {@code role-restriction:<client id>},
 * {@code {"roles": [...]}}; and the allowlists {@code gateway:client-application-ids}, {@code backend:allowed-tenants},
 * {@code backend:allowed-applications}, {@code backend:allowed-principals}, each a non-empty JSON array of GUIDs.
 */
public final class CallerPolicyDocument {

    /** The key bumped after every change; its value is the policy version. */
    public static final String SENTINEL = "sentinel";

    private static final String GATEWAY_APPLICATIONS = "gateway:client-application-ids";

    private static final String BACKEND_TENANTS = "backend:allowed-tenants";

    private static final String BACKEND_APPLICATIONS = "backend:allowed-applications";

    private static final String BACKEND_PRINCIPALS = "backend:allowed-principals";

    private CallerPolicyDocument() {
    }

    /**
     * The policy these key-values hold.
     *
     * @param keyValues every key-value listed under the prefix with the environment's label: whole key to value
     * @param prefix the policy's key prefix, such as {@code apim-oauth:policy:}
     * @throws MalformedPolicyException at the first key whose name or value is not the documented one, or when the
     *         sentinel is missing
     */
    public static CallerPolicy parse(Map<String, String> keyValues, String prefix) throws MalformedPolicyException {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("caller policy: the key prefix is required");
        }
        Reading reading = new Reading();
        for (Map.Entry<String, String> entry : new TreeMap<>(keyValues).entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(prefix)) {
                throw new MalformedPolicyException(key, "is not under the policy prefix " + prefix);
            }
            reading.read(key, key.substring(prefix.length()), entry.getValue());
        }
        if (reading.version == null) {
            throw new MalformedPolicyException(prefix + SENTINEL, "is missing: a policy without its version is incomplete");
        }
        return reading.policy();
    }

    /** The facts read so far, each id once whatever its case. */
    private static final class Reading {

        private String version;

        private final Map<String, CallerPolicy.Revocation> applications = new HashMap<>();

        private final Map<String, CallerPolicy.Revocation> principals = new HashMap<>();

        private final Map<String, CallerPolicy.Revocation> tokens = new HashMap<>();

        private final Map<String, CallerPolicy.IssuedBefore> issuedBefore = new HashMap<>();

        private final Map<String, CallerPolicy.RoleRestriction> restrictions = new HashMap<>();

        private final Map<String, Set<String>> lists = new HashMap<>();

        void read(String key, String name, String raw) throws MalformedPolicyException {
            switch (name) {
                case SENTINEL -> version = PolicyValues.version(key, raw);
                case GATEWAY_APPLICATIONS, BACKEND_TENANTS, BACKEND_APPLICATIONS, BACKEND_PRINCIPALS ->
                    lists.put(name, PolicyValues.guids(key, raw));
                default -> readFact(key, name, raw);
            }
        }

        private void readFact(String key, String name, String raw) throws MalformedPolicyException {
            int colon = name.indexOf(':');
            String kind = colon < 0 ? name : name.substring(0, colon);
            String id = colon < 0 ? "" : name.substring(colon + 1);
            switch (kind) {
                case "revoked-application" -> put(applications, key, guid(key, id), PolicyValues.revocation(key, raw));
                case "revoked-principal" -> put(principals, key, guid(key, id), PolicyValues.revocation(key, raw));
                case "revoked-token" -> put(tokens, key, uti(key, id), PolicyValues.revocation(key, raw));
                case "tokens-issued-before" -> put(issuedBefore, key, guid(key, id), PolicyValues.issuedBefore(key, raw));
                case "role-restriction" -> put(restrictions, key, guid(key, id), PolicyValues.roleRestriction(key, raw));
                default -> throw new MalformedPolicyException(key, "is not a caller policy key");
            }
        }

        CallerPolicy policy() {
            Allowlists allowlists = new Allowlists(list(GATEWAY_APPLICATIONS), list(BACKEND_TENANTS), list(BACKEND_APPLICATIONS),
                    list(BACKEND_PRINCIPALS));
            return new CallerPolicy(version, applications, principals, tokens, issuedBefore, restrictions, allowlists);
        }

        private Optional<Set<String>> list(String name) {
            return Optional.ofNullable(lists.get(name));
        }

        private static <T> void put(Map<String, T> facts, String key, String id, T fact) throws MalformedPolicyException {
            if (facts.putIfAbsent(id, fact) != null) {
                throw new MalformedPolicyException(key, "names the same id as another key, in another case");
            }
        }

        private static String guid(String key, String id) throws MalformedPolicyException {
            if (!PolicyIds.isGuid(id)) {
                throw new MalformedPolicyException(key, "must end in a GUID (8-4-4-4-12 hexadecimal digits)");
            }
            return PolicyIds.guid(id);
        }

        private static String uti(String key, String id) throws MalformedPolicyException {
            if (!PolicyIds.isUti(id)) {
                throw new MalformedPolicyException(key, "must end in a uti: 1-64 base64url characters");
            }
            return id;
        }
    }
}
