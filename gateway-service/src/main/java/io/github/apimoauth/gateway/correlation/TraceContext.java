package io.github.apimoauth.gateway.correlation;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The correlation ids of one request: a W3C traceparent (trace id kept from the caller when valid, a new parent id
 * for this hop) and a request id (the caller's when it is safe to log and forward, else the trace id).
 */
record TraceContext(String traceId, String parentId, String flags, String requestId) {

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    /** Printable, short and free of separators, so it can go into a header and a log line as it is. */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private static final String ZERO_TRACE = "0".repeat(32);

    private static final String ZERO_PARENT = "0".repeat(16);

    static TraceContext from(String traceparent, String requestId) {
        String traceId = null;
        String flags = "01";
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches() && !ZERO_TRACE.equals(m.group(1)) && !ZERO_PARENT.equals(m.group(2))) {
                traceId = m.group(1);
                flags = m.group(3);
            }
        }
        if (traceId == null) {
            traceId = hex(16);
        }
        String id = requestId != null && REQUEST_ID.matcher(requestId.trim()).matches() ? requestId.trim() : traceId;
        return new TraceContext(traceId, hex(8), flags, id);
    }

    String traceparent() {
        return "00-" + traceId + "-" + parentId + "-" + flags;
    }

    /**
     * Trace and span ids identify, they do not protect: W3C asks for randomness, not secrecy, so the lock-free
     * ThreadLocalRandom serves instead of a SecureRandom shared by every event loop.
     */
    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
