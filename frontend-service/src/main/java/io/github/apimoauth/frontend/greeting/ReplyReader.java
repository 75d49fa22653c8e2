package io.github.apimoauth.frontend.greeting;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

import io.github.apimoauth.azure.Fingerprint;
import io.github.apimoauth.frontend.gateway.GatewayReply;
import org.springframework.http.HttpStatus;

/**
 * Turns the gateway's answer into trace hops and, for a refusal, into this service's error. Who refused is read
 * from the body's shape: APIM-style {@code {"statusCode":…,"message":…}} bodies, 429s and proxy statuses (502, 504)
 * come from the gateway; anything else the gateway forwarded from the backend.
 */
final class ReplyReader {

    private static final Logger log = LoggerFactory.getLogger(ReplyReader.class);

    /** The gateway returns the request's trace id as x-request-id; the others, for a gateway that is APIM. */
    private static final List<String> CORRELATION_HEADERS = List.of("x-request-id", "x-correlation-id", "request-id",
            "x-ms-request-id");

    private static final List<String> MESSAGE_FIELDS = List.of("message", "detail", "error_description", "error", "title");

    private static final int MAX_DETAIL = 300;

    private final JsonMapper json;

    ReplyReader(JsonMapper json) {
        this.json = json;
    }

    /** What the reply says, once checked for credentials. */
    record Reading(JsonNode body, boolean fromGateway, String message, List<TraceHop> hops) {
    }

    /** APIM's 401 for a key it does not know: the one refusal a key reload can fix. */
    static boolean invalidSubscriptionKey(GatewayReply reply) {
        return reply.status() == 401 && new String(reply.body(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
            .contains("invalid subscription key");
    }

    Reading read(GatewayReply reply, Integer attempt, String... credentials) {
        JsonNode body = body(reply, credentials);
        int status = reply.status();
        boolean apimShaped = body.isObject() && body.path("statusCode").isNumber() && body.has("message");
        boolean fromGateway = status >= 400 && (apimShaped || status == 429 || status == 502 || status == 504);
        String message = message(body);
        String correlationId = correlationId(reply);
        List<TraceHop> hops = new ArrayList<>();
        if (fromGateway) {
            hops.add(new TraceHop("gateway", status, status >= 500 ? "failed" : "denied", message, attempt, correlationId,
                    null, null, null));
        }
        else {
            hops.add(new TraceHop("gateway", status, "forwarded", null, attempt, correlationId, null, null, null));
            String decision = status < 400 ? "allowed" : status >= 500 ? "failed" : "denied";
            JsonNode caller = body.isObject() && body.get("caller") != null ? body.get("caller") : null;
            hops.add(new TraceHop("backend", status, decision, status < 400 ? null : message, attempt,
                    backendTraceId(body), null, null, caller));
        }
        return new Reading(body, fromGateway, message, hops);
    }

    /**
     * The error this service answers with for a refusal: its status, the hop's status and message, the trace, the last
     * two as much as {@code detail} shows.
     */
    DownstreamRefusalException refusal(GatewayReply reply, Reading reading, List<TraceHop> trace, TraceDetail detail) {
        String who = reading.fromGateway() ? "gateway" : "backend";
        int status = reply.status();
        HttpStatus own;
        String error;
        switch (status) {
            case 400 -> { own = HttpStatus.BAD_REQUEST; error = who + " rejected the input"; }
            // The frontend's own credentials were refused: not something the end user can fix.
            case 401 -> { own = HttpStatus.BAD_GATEWAY; error = who + " denied the call"; }
            case 403 -> { own = HttpStatus.FORBIDDEN; error = who + " denied the call"; }
            case 429 -> { own = HttpStatus.TOO_MANY_REQUESTS; error = who + " rate limit exceeded"; }
            case 504 -> { own = HttpStatus.GATEWAY_TIMEOUT; error = who + " got no answer in time"; }
            default -> { own = HttpStatus.BAD_GATEWAY; error = who + (status >= 500 ? " failed" : " refused the call"); }
        }
        String retryAfter = status == 429 ? reply.headers().getFirst("Retry-After") : null;
        return new DownstreamRefusalException(own,
                new ApiError(error, status, null, detail.message(reading.message()), detail.trace(trace)), retryAfter);
    }

    private JsonNode body(GatewayReply reply, String... credentials) {
        String text = new String(reply.body(), StandardCharsets.UTF_8);
        for (String credential : credentials) {
            if (credential != null && !credential.isEmpty() && text.contains(credential)) {
                // A hop echoed a credential: pass on neither it nor the body around it.
                log.warn("Response with status {} contained a credential (fingerprint {}); body withheld",
                        reply.status(), Fingerprint.of(credential));
                return StringNode.valueOf("[withheld: the response contained a credential]");
            }
        }
        if (text.isBlank()) {
            return StringNode.valueOf("");
        }
        try {
            return json.readTree(text);
        }
        catch (JacksonException ex) {
            return StringNode.valueOf(truncate(text));
        }
    }

    private static String message(JsonNode body) {
        if (body.isString()) {
            return body.asString().isEmpty() ? null : truncate(body.asString());
        }
        for (String field : MESSAGE_FIELDS) {
            String value = text(body, field);
            if (value != null && !value.isBlank()) {
                return truncate(value);
            }
        }
        return null;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.isObject() ? body.get(field) : null;
        return value != null && value.isString() ? value.asString() : null;
    }

    /** The backend's answer names its trace id correlationId; its RFC 9457 refusals, traceId. */
    private static String backendTraceId(JsonNode body) {
        String answer = text(body, "correlationId");
        return answer != null ? answer : text(body, "traceId");
    }

    private static String correlationId(GatewayReply reply) {
        return CORRELATION_HEADERS.stream().map(reply.headers()::getFirst).filter(v -> v != null && !v.isBlank())
            .findFirst().orElse(null);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
    }
}
