package io.github.apimoauth.gateway.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a log line may show of a token, a key or a secret: the first 8 hex characters of its SHA-256, enough to tell
 * two values apart, useless to an attacker. Also the constant-time comparison of such values.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String of(String value) {
        if (value == null) {
            return "none";
        }
        return HexFormat.of().formatHex(sha256(value)).substring(0, 8);
    }

    /**
     * Compares two secrets in time independent of where they differ. Both sides are hashed first so that their lengths
     * are equal too, which MessageDigest.isEqual needs to be constant-time.
     */
    public static boolean constantTimeEquals(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is always available", ex);
        }
    }
}
