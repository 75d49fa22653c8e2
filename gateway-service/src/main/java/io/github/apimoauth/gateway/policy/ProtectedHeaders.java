package io.github.apimoauth.gateway.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The headers the policies read or set, which a client must not be able to touch once they are checked: the token, the
 * subscription key, the backend's function key, and the Easy Auth headers a backend would trust. Each policy adds the
 * header names its configuration chose; the request guard refuses a {@code Connection} header naming any of them, since
 * the forward drops every header {@code Connection} names, after the policies have set them.
 */
@Component
public class ProtectedHeaders {

    /** Easy Auth's injected headers (X-MS-CLIENT-PRINCIPAL, -ID, -NAME, -IDP, X-MS-TOKEN-*): never from a client. */
    private static final List<String> EASY_AUTH_PREFIXES = List.of("x-ms-client-principal", "x-ms-token-");

    /** Lower-case names; the policies' defaults are here before any route is built. */
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    public ProtectedHeaders() {
        List.of("authorization", "ocp-apim-subscription-key", "x-functions-key").forEach(names::add);
    }

    /** Adds a header a policy reads or sets, as its route configured it. */
    public void protect(String headerName) {
        names.add(headerName.trim().toLowerCase(Locale.ROOT));
    }

    public boolean isProtected(String headerName) {
        String name = headerName.trim();
        return names.contains(name.toLowerCase(Locale.ROOT)) || isEasyAuthHeader(name);
    }

    /** Case-insensitive prefix match, without lower-casing every header name of every request. */
    public static boolean isEasyAuthHeader(String headerName) {
        for (String prefix : EASY_AUTH_PREFIXES) {
            if (headerName.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }
}
