package io.github.apimoauth.azure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a log line may show of a token, a key or a secret: the first 8 hex characters of its SHA-256, enough to tell
 * two values apart in a rotation, useless to an attacker. No value and an empty value both print "none": an empty
 * header or secret is no secret, and "none" says so where the hash of "" would look like a real value. Also the
 * constant-time comparison of such values.
 */
public final class Fingerprint {

    /** What {@link #of} prints for a missing or empty value. */
    public static final String NONE = "none";

    /**
     * Never used itself, only cloned: MessageDigest.getInstance walks the security providers on every call (0.6% of the
     * loaded gateway's CPU samples, in its subscription-key match), while a clone of an untouched instance is a copy
     * of its initial state, safe from any thread.
     */
    private static final MessageDigest SHA_256 = sha256Digest();

    private Fingerprint() {
    }

    public static String of(String value) {
        if (value == null || value.isEmpty()) {
            return NONE;
        }
        return HexFormat.of().formatHex(sha256(value), 0, 4);
    }

    /**
     * Compares two secrets in time independent of where they differ. Both sides are hashed first so that their lengths
     * are equal too, which MessageDigest.isEqual needs to be constant-time.
     */
    public static boolean constantTimeEquals(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return constantTimeEquals(sha256(expected), sha256(presented));
    }

    /**
     * The same comparison on digests from {@link #sha256}, for a caller that compares one presented value with several
     * held ones: it hashes each held value once, not once per request.
     */
    public static boolean constantTimeEquals(byte[] expectedDigest, byte[] presentedDigest) {
        return expectedDigest != null && presentedDigest != null && MessageDigest.isEqual(expectedDigest, presentedDigest);
    }

    /** The SHA-256 of a value's UTF-8 bytes, as {@link #constantTimeEquals(byte[], byte[])} compares them. */
    public static byte[] sha256(String value) {
        try {
            return ((MessageDigest) SHA_256.clone()).digest(value.getBytes(StandardCharsets.UTF_8));
        }
        catch (CloneNotSupportedException ex) {
            // The JDK's SHA-256 is cloneable; another provider's might not be.
            return sha256Digest().digest(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            // Every JRE must provide SHA-256.
            throw new IllegalStateException(ex);
        }
    }
}
