package io.github.apimoauth.gateway.policy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * What the policies remove from the request they forward. A parameter is matched by its decoded name, in any case,
 * exactly as the policies and the backend read it, so {@code subscription%2Dkey} or {@code CODE} never slips through
 * under another spelling. The URI is rebuilt only when the raw query could name the parameter: a caller that sends its
 * credentials in headers, as the frontend does, costs no URI rebuild per request.
 */
public final class ForwardedRequests {

    private ForwardedRequests() {
    }

    /** Removes every value of a query parameter, whatever the case or encoding of its name, from the copy being built. */
    public static ServerHttpRequest.Builder withoutQueryParameter(ServerHttpRequest request, ServerHttpRequest.Builder copy,
            String name) {
        URI uri = request.getURI();
        String query = uri.getRawQuery();
        if (query == null || !mayName(query, name)) {
            return copy;
        }
        StringBuilder kept = new StringBuilder(query.length());
        boolean removed = false;
        for (String pair : query.split("&", -1)) {
            if (names(pair, name)) {
                removed = true;
            }
            else if (!pair.isEmpty()) {
                kept.append(kept.isEmpty() ? "" : "&").append(pair);
            }
        }
        return removed ? copy.uri(withQuery(uri, kept.toString())) : copy;
    }

    /** Whether a raw query could hold the name: spelled out in any case, or hidden behind a percent-encoding. */
    private static boolean mayName(String query, String name) {
        if (query.indexOf('%') >= 0 || (query.indexOf('+') >= 0 && name.indexOf(' ') >= 0)) {
            return true;
        }
        for (int i = 0; i + name.length() <= query.length(); i++) {
            if (query.regionMatches(true, i, name, 0, name.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a raw name=value pair names the parameter once decoded as Spring decodes query names. A name that does
     * not decode is removed as well: what cannot be read here must not reach a backend that might read it otherwise.
     */
    private static boolean names(String pair, String name) {
        int equals = pair.indexOf('=');
        String rawName = equals < 0 ? pair : pair.substring(0, equals);
        try {
            return URLDecoder.decode(rawName, StandardCharsets.UTF_8).equalsIgnoreCase(name);
        }
        catch (IllegalArgumentException ex) {
            return true;
        }
    }

    /**
     * The same URI with another raw query. Assembled from the raw parts, which are valid as they are: a builder would
     * encode them again or refuse characters java.net.URI accepts.
     */
    private static URI withQuery(URI uri, String rawQuery) {
        StringBuilder s = new StringBuilder();
        if (uri.getScheme() != null) {
            s.append(uri.getScheme()).append(':');
        }
        if (uri.getRawAuthority() != null) {
            s.append("//").append(uri.getRawAuthority());
        }
        s.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (!rawQuery.isEmpty()) {
            s.append('?').append(rawQuery);
        }
        if (uri.getRawFragment() != null) {
            s.append('#').append(uri.getRawFragment());
        }
        return URI.create(s.toString());
    }
}
