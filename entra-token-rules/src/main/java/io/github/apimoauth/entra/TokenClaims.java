package io.github.apimoauth.entra;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads a validated token's claims as the decoders left them. Spring Security's claim accessors
 * ({@code getAudience()}, {@code getExpiresAt()}, {@code getClaimAsString}) run every read through its conversion
 * service, which builds type descriptors and looks converters up on each call: in a JFR profile of the loaded gateway
 * that was most of the token rules' CPU, on a token checked on every request. The decoders' claim-set converter has
 * already made iss a String, aud a list of Strings and the times Instants, so those shapes are read directly, and only
 * another shape (a token built elsewhere) goes through the accessor, with the very same result.
 */
public final class TokenClaims {

    private TokenClaims() {
    }

    /** A string claim, or null when absent; another type is converted as {@code getClaimAsString} does. */
    public static String string(Jwt jwt, String name) {
        Object value = jwt.getClaims().get(name);
        return value == null || value instanceof String ? (String) value : jwt.getClaimAsString(name);
    }

    /** A string-list claim (one string counts as a list of one), or null when absent, as {@code getClaimAsStringList}. */
    @SuppressWarnings("unchecked")
    public static List<String> strings(Jwt jwt, String name) {
        Object value = jwt.getClaims().get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof String one) {
            return List.of(one);
        }
        if (value instanceof List<?> many && allStrings(many)) {
            return (List<String>) many;
        }
        return jwt.getClaimAsStringList(name);
    }

    /** A time claim, or null when absent; another type is converted as {@code getClaimAsInstant} does. */
    public static Instant instant(Jwt jwt, String name) {
        Object value = jwt.getClaims().get(name);
        return value == null || value instanceof Instant ? (Instant) value : jwt.getClaimAsInstant(name);
    }

    private static boolean allStrings(Collection<?> values) {
        for (Object value : values) {
            if (!(value instanceof String)) {
                return false;
            }
        }
        return true;
    }
}
