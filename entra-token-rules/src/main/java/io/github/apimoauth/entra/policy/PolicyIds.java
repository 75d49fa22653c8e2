package io.github.apimoauth.entra.policy;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ids a caller policy names: application and principal ids are GUIDs, compared without regard to case as the
 * shared allowlists compare them, so they are kept lower-cased; a token's uti is base64url and compared exactly.
 */
final class PolicyIds {

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Entra's uti: base64url without padding; 64 characters leave room above the 22 Entra issues. */
    private static final Pattern UTI = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private PolicyIds() {
    }

    static boolean isGuid(String value) {
        return value != null && GUID.matcher(value).matches();
    }

    static boolean isUti(String value) {
        return value != null && UTI.matcher(value).matches();
    }

    /** A GUID in the one form kept and looked up; refused when not a GUID. */
    static String guid(String value) {
        if (!isGuid(value)) {
            throw new IllegalArgumentException("caller policy: '" + value + "' is not a GUID");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** A caller's claim in the form GUIDs are kept in; null stays null (a missing claim matches no entry). */
    static String lookup(String claim) {
        return claim == null ? null : claim.toLowerCase(Locale.ROOT);
    }

    static Set<String> guids(Collection<String> values) {
        return values.stream().map(PolicyIds::guid).collect(Collectors.toUnmodifiableSet());
    }
}
