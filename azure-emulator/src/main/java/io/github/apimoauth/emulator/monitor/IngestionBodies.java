package io.github.apimoauth.emulator.monitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import org.springframework.http.HttpStatus;

/**
 * A track body as text. The Azure Monitor exporter gzips every batch ({@code Content-Encoding: gzip}); other clients
 * send it plain. The inflated size is bounded while inflating, so a small gzip bomb is refused after reading no more
 * than the bound, never held in memory whole.
 */
final class IngestionBodies {

    private IngestionBodies() {
    }

    /** The body's UTF-8 text; throws a Breeze-shaped 400, 413 or 415 refusal. */
    static String decode(byte[] body, String contentEncoding, long maxDecompressedBytes) {
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> new String(body, StandardCharsets.UTF_8);
            case "gzip", "x-gzip" -> new String(gunzip(body, maxDecompressedBytes), StandardCharsets.UTF_8);
            default -> throw BreezeResponses.refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 0, "Content-Encoding '" + contentEncoding
                    + "' is not supported: send the body as gzip or without an encoding.");
        };
    }

    private static byte[] gunzip(byte[] body, long maxBytes) {
        if (body.length == 0) {
            return body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 8, 1 << 20));
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw BreezeResponses.refusal(HttpStatus.CONTENT_TOO_LARGE, 0, "The decompressed body is larger than "
                            + maxBytes + " bytes (emulator.application-insights.max-decompressed-size); send smaller batches.");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
        catch (IOException ex) {
            throw BreezeResponses.refusal(HttpStatus.BAD_REQUEST, 0,
                    "The body is not valid gzip, though Content-Encoding says gzip.");
        }
    }
}
