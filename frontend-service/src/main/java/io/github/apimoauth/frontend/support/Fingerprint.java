package io.github.apimoauth.frontend.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What logs may say about a token or a key: the first 8 hex characters of its SHA-256. Enough to tell two values
 * apart in a rotation, far too little to use or to guess one.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String of(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "none";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        }
        catch (NoSuchAlgorithmException ex) {
            // Every JRE must provide SHA-256.
            throw new IllegalStateException(ex);
        }
    }
}
