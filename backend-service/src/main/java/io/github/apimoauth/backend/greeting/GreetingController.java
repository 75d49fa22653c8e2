package io.github.apimoauth.backend.greeting;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.github.apimoauth.backend.web.Callers;
import io.github.apimoauth.backend.web.TraceIds;
import io.github.apimoauth.entra.EntraCaller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The protected operations. The answer says who called, as the validated token says, so a caller can see exactly
 * which identity reached the backend; it never echoes the token or the key.
 */
@RestController
@RequestMapping("/api/greeting")
class GreetingController {

    private final TraceIds traceIds;

    GreetingController(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    /** Letters (any script), spaces, apostrophes, dots and dashes; nothing a log or a page could interpret. */
    static final String NAME = "^[\\p{L}\\p{M}][\\p{L}\\p{M} .'-]*$";

    record GreetingRequest(@NotNull @Size(min = 1, max = 64) @Pattern(regexp = NAME) String name) {
    }

    @GetMapping
    Map<String, Object> read(@RequestParam(defaultValue = "World") @Size(min = 1, max = 64) @Pattern(regexp = NAME) String name,
            HttpServletRequest request) {
        return greeting("Hello, " + name + "!", request);
    }

    @PostMapping
    Map<String, Object> write(@Valid @RequestBody GreetingRequest body, HttpServletRequest request) {
        return greeting("Hello, " + body.name() + "! Your greeting was recorded.", request);
    }

    private Map<String, Object> greeting(String message, HttpServletRequest request) {
        // The caller the access decision parsed from the validated token; this chain has no route without one.
        EntraCaller caller = Callers.of(request).orElseThrow(() -> new IllegalStateException("No validated caller"));
        Map<String, Object> callerView = new LinkedHashMap<>();
        callerView.put("tenantId", caller.tenantId());
        callerView.put("appId", caller.appId());
        callerView.put("objectId", caller.objectId());
        callerView.put("roles", caller.roles());
        callerView.put("tokenVersion", caller.tokenVersion());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("caller", callerView);
        // The request's trace id: the one the frontend and the gateway log and the frontend's hop trace shows.
        body.put("correlationId", traceIds.current());
        return body;
    }
}
