package io.github.apimoauth.emulator.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a log line may carry instead of a token, key or secret: the first 8 hex characters of its SHA-256; "none" for
 * no value or an empty one, the rule of the services' {@code io.github.apimoauth.azure.Fingerprint}. The emulator keeps
 * its own copy because it stands in for Azure and depends on no library of the services it is tested against.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String of(String value) {
        if (value == null || value.isEmpty()) {
            return "none";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is always available", ex);
        }
    }
}
