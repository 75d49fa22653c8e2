package io.github.apimoauth.frontend.greeting;

import java.util.stream.Collectors;

import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.frontend.credentials.DependencyUnavailableException;
import io.github.apimoauth.azure.telemetry.TraceIds;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem ({@code application/problem+json}): Spring MVC's own (bad input, unknown path,
 * wrong method or media type) through {@link #handleExceptionInternal}, refusals and outages through the handlers
 * below. Beside status, title and detail, the extension members: {@code error} (in a few words), {@code traceId} (the
 * id every hop's log lines carry), and when they apply {@code hopStatus} (what the refusing hop answered),
 * {@code dependency} and {@code trace} (the hop trace, cut as {@link TraceDetail} says). Nothing unexpected leaks: an
 * unknown exception is logged here and answered with a bare 500.
 */
@RestControllerAdvice
class ApiErrorHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    private final Tracer tracer;

    /** Without a tracer (slice tests), problems carry no traceId. */
    ApiErrorHandler(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
    }

    @ExceptionHandler
    ResponseEntity<Object> dependencyUnavailable(DependencyUnavailableException ex) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, new HttpHeaders(), new ApiError("dependency unavailable", null,
                ex.dependency().id(), ex.getMessage(), null));
    }

    @ExceptionHandler
    ResponseEntity<Object> downstreamRefusal(DownstreamRefusalException ex) {
        HttpHeaders headers = new HttpHeaders();
        if (ex.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, ex.retryAfter());
        }
        return problem(ex.status(), headers, ex.body());
    }

    @ExceptionHandler
    ResponseEntity<Object> unexpected(Exception ex) {
        log.error("Unexpected failure", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, new HttpHeaders(), ApiError.of("internal error", null));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        String error = statusCode.value() == 400 ? "invalid request" : reason(statusCode);
        return problem(statusCode, headers, ApiError.of(error, detail(ex)));
    }

    private static String detail(Exception ex) {
        if (ex instanceof MethodArgumentNotValidException invalid) {
            return invalid.getFieldErrors().stream().map(e -> e.getField() + ": " + e.getDefaultMessage())
                .collect(Collectors.joining("; "));
        }
        if (ex instanceof HandlerMethodValidationException invalid) {
            return invalid.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                    .map(e -> result.getMethodParameter().getParameterName() + ": " + e.getDefaultMessage()))
                .collect(Collectors.joining("; "));
        }
        // Spring's own messages for these say what was wrong with the request without echoing much of it.
        return ex instanceof org.springframework.web.ErrorResponse response ? response.getBody().getDetail() : null;
    }

    private static String reason(HttpStatusCode statusCode) {
        HttpStatus known = HttpStatus.resolve(statusCode.value());
        return known == null ? "error" : known.getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
    }

    private ResponseEntity<Object> problem(HttpStatusCode status, HttpHeaders headers, ApiError error) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, error.detail());
        problem.setProperty("error", error.error());
        if (error.hopStatus() != null) {
            problem.setProperty("hopStatus", error.hopStatus());
        }
        if (error.dependency() != null) {
            problem.setProperty("dependency", error.dependency());
        }
        if (error.trace() != null) {
            problem.setProperty("trace", error.trace());
        }
        String traceId = TraceIds.current(tracer);
        if (traceId != null) {
            problem.setProperty("traceId", traceId);
        }
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
