package io.github.apimoauth.backend.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Every refusal and error as an RFC 9457 problem ({@code application/problem+json}): status, title, detail (what
 * failed) and two extension members, {@code error} (a stable code such as
 * {@code invalid_token}) and {@code traceId} (the id each hop's log lines carry). Never a token, a key or a stack
 * trace: callers pass only fixed texts and claim values. Written here for the security filters, which answer before
 * Spring MVC; {@link ApiErrors} returns the same problems from MVC.
 */
@Component
public class JsonResponses {

    private final JsonMapper jsonMapper;

    private final TraceIds traceIds;

    public JsonResponses(JsonMapper jsonMapper, TraceIds traceIds) {
        this.jsonMapper = jsonMapper;
        this.traceIds = traceIds;
    }

    public ProblemDetail problem(HttpServletRequest request, int status, String error, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), message);
        problem.setProperty("error", error);
        problem.setProperty("traceId", traceIds.current());
        return problem;
    }

    public void writeError(HttpServletRequest request, HttpServletResponse response, int status, String error, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        jsonMapper.writeValue(response.getOutputStream(), members(problem(request, status, error, message)));
    }

    /** The problem's members as RFC 9457 lays them out: extension members beside the standard ones, not nested. */
    private static Map<String, Object> members(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
        body.put("title", problem.getTitle() != null ? problem.getTitle() : reason(problem.getStatus()));
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? null : known.getReasonPhrase();
    }
}
