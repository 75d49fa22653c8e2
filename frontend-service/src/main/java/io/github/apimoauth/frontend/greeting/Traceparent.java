package io.github.apimoauth.frontend.greeting;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace context for the outbound call: one trace id per incoming request, a new parent id per attempt, so the
 * gateway and the backend can log the same id as the trace this service returns.
 */
final class Traceparent {

    private Traceparent() {
    }

    static String newTraceId() {
        return random(16);
    }

    /** {@code 00-<trace id>-<parent id>-01}: version 00, sampled. */
    static String header(String traceId) {
        return "00-" + traceId + "-" + random(8) + "-01";
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        do {
            ThreadLocalRandom.current().nextBytes(value);
        }
        while (allZero(value)); // all-zero ids are invalid in W3C trace context
        return HexFormat.of().formatHex(value);
    }

    private static boolean allZero(byte[] value) {
        for (byte b : value) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
