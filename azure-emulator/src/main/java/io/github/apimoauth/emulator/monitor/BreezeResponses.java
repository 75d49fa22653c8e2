package io.github.apimoauth.emulator.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.apimoauth.emulator.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The ingestion service's answer, success or not: {"itemsReceived":n,"itemsAccepted":m,"errors":[{"index","statusCode",
 * "message"}]}. The exporter reads errors[].message (it recognises "Invalid instrumentation key") and, on a 206, the
 * indexes of the refused items; so even a refusal of the whole request keeps this shape.
 */
final class BreezeResponses {

    /** Breeze's wording for an envelope whose iKey is not the component's; the exporter matches it exactly. */
    static final String INVALID_INSTRUMENTATION_KEY = "Invalid instrumentation key";

    private BreezeResponses() {
    }

    static Map<String, Object> body(int received, int accepted, List<Map<String, Object>> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("itemsReceived", received);
        body.put("itemsAccepted", accepted);
        body.put("errors", errors);
        return body;
    }

    static Map<String, Object> error(int index, int statusCode, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("index", index);
        error.put("statusCode", statusCode);
        error.put("message", message);
        return error;
    }

    /** A refusal of the whole request, none of its items accepted. */
    static ApiException refusal(HttpStatus status, int received, String message) {
        return refusal(status, received, message, new HttpHeaders());
    }

    static ApiException refusal(HttpStatus status, int received, String message, HttpHeaders headers) {
        return new ApiException(status, body(received, 0, List.of(error(0, status.value(), message))), headers);
    }
}
