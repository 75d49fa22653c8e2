package io.github.apimoauth.backend.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes the JSON error body every refusal carries: status, error code, message, correlation id. Never a token, a
 * key or a stack trace: callers pass only fixed texts and claim values.
 */
@Component
public class JsonResponses {

    private final JsonMapper jsonMapper;

    private final TraceIds traceIds;

    public JsonResponses(JsonMapper jsonMapper, TraceIds traceIds) {
        this.jsonMapper = jsonMapper;
        this.traceIds = traceIds;
    }

    public Map<String, Object> errorBody(HttpServletRequest request, int status, String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", error);
        body.put("message", message);
        body.put("correlationId", traceIds.current());
        return body;
    }

    public void writeError(HttpServletRequest request, HttpServletResponse response, int status, String error, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        jsonMapper.writeValue(response.getOutputStream(), errorBody(request, status, error, message));
    }
}
