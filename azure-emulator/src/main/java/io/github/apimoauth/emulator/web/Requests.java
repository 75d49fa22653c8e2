package io.github.apimoauth.emulator.web;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * What the emulator's access decisions read from a request. A decision made on the raw path can be fooled by a
 * spelling that routing reads differently ({@code /%5Femulator}, {@code /_emulator;x}, {@code /x/../_emulator}), so
 * every filter that decides on a path asks {@link #normalizedPath} instead: the path as the router's
 * {@code PathPattern}s see it.
 */
public final class Requests {

    private static final java.util.List<String> APP_CONFIGURATION_ROOTS = java.util.List.of("/kv", "/locks", "/keys", "/labels",
            "/revisions");

    private Requests() {
    }

    /**
     * The decoded, normalised path: built from the same decoded segment values {@code PathPattern} matches (path
     * parameters dropped), with empty segments removed and dot segments resolved, and without a trailing slash.
     */
    public static String normalizedPath(ServerHttpRequest request) {
        Deque<String> segments = new ArrayDeque<>();
        for (PathContainer.Element element : request.getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                String value = segment.valueToMatch();
                if (value.equals("..")) {
                    segments.pollLast();
                }
                else if (!value.isEmpty() && !value.equals(".")) {
                    segments.addLast(value);
                }
            }
        }
        return "/" + String.join("/", segments);
    }

    /**
     * Whether a normalised path is Key Vault's: its secrets and its soft-deleted secrets. The one place that says
     * so, for the listener split, the vault's authentication and fault injection alike.
     */
    public static boolean isKeyVaultPath(String normalizedPath) {
        return normalizedPath.equals("/secrets") || normalizedPath.startsWith("/secrets/")
                || normalizedPath.equals("/deletedsecrets") || normalizedPath.startsWith("/deletedsecrets/");
    }

    /**
     * Whether a normalised path is App Configuration's data plane: key-values, their locks, and the key, label and
     * revision listings (which are not emulated, and answer 404 after authentication). The one place that says so, for
     * the listener split, App Configuration's authentication and fault injection alike.
     */
    public static boolean isAppConfigurationPath(String normalizedPath) {
        for (String root : APP_CONFIGURATION_ROOTS) {
            if (normalizedPath.equals(root) || normalizedPath.startsWith(root + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a normalised path is Application Insights' ingestion endpoint (Breeze): {@code /v2.1/track}, where the
     * Azure Monitor OpenTelemetry exporter posts, and the older {@code /v2/track}. The one place that says so, for the
     * listener split, ingestion's authentication and fault injection alike.
     */
    public static boolean isIngestionPath(String normalizedPath) {
        return normalizedPath.equals("/v2.1/track") || normalizedPath.equals("/v2/track");
    }

    /** Whether a normalised path belongs on the HTTPS listener: the services the Azure SDKs reach with a bearer token. */
    public static boolean isHttpsPath(String normalizedPath) {
        return isKeyVaultPath(normalizedPath) || isAppConfigurationPath(normalizedPath) || isIngestionPath(normalizedPath);
    }

    /**
     * Why a path is refused before any decision, or empty. These spellings mean one thing to the router and another
     * to anything that reads the raw path, and no client of the emulated services sends them: dot segments, encoded
     * slashes and backslashes, path parameters and control characters. Repeated slashes are not among them, as MSAL
     * itself asks for {@code //metadata/…}; they are collapsed instead.
     */
    public static Optional<String> ambiguity(ServerHttpRequest request) {
        String raw = request.getPath().value();
        String lower = raw.toLowerCase(Locale.ROOT);
        if (raw.indexOf('\\') >= 0 || lower.contains("%5c")) {
            return Optional.of("a backslash");
        }
        if (lower.contains("%2f")) {
            return Optional.of("an encoded slash");
        }
        if (raw.indexOf(';') >= 0) {
            return Optional.of("a path parameter (;)");
        }
        for (PathContainer.Element element : request.getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                String value = segment.valueToMatch();
                if (value.equals(".") || value.equals("..")) {
                    return Optional.of("a dot segment");
                }
                if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    return Optional.of("a control character");
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the caller's socket address is a loopback address; forwarding headers are never consulted. */
    public static boolean fromLoopback(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
    }
}
