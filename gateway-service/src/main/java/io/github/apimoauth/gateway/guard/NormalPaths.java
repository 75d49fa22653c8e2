package io.github.apimoauth.gateway.guard;

import java.nio.charset.StandardCharsets;

import org.springframework.web.util.UriUtils;

/**
 * Whether a raw request path reads the same to every part of the chain. The route predicates and the role rules match
 * decoded segments as they stand, while the backend's server decodes and normalises the path again:
 * {@code /api/a/../admin} would be checked as {@code /api/a/..} and served as {@code /admin}. Only a path that
 * normalising cannot change passes: no dot segment, no empty segment (but a trailing slash), no slash, backslash or
 * semicolon hidden in a segment, in plain or percent-encoded form, and no percent-encoding that does not decode.
 */
final class NormalPaths {

    private NormalPaths() {
    }

    static boolean isNormal(String rawPath) {
        if (rawPath.indexOf('%') < 0 && rawPath.indexOf(';') < 0 && rawPath.indexOf('\\') < 0 && !rawPath.contains("/.")
                && !rawPath.contains("//") && rawPath.startsWith("/")) {
            return true;
        }
        if (!rawPath.startsWith("/")) {
            return false;
        }
        String[] segments = rawPath.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].isEmpty() ? i < segments.length - 1 : !isNormalSegment(segments[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNormalSegment(String raw) {
        String decoded;
        try {
            decoded = UriUtils.decode(raw, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
        return !decoded.equals(".") && !decoded.equals("..") && decoded.indexOf('/') < 0 && decoded.indexOf('\\') < 0
                && decoded.indexOf(';') < 0;
    }
}
