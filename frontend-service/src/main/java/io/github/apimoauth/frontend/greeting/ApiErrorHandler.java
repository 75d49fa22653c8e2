package io.github.apimoauth.frontend.greeting;

import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.frontend.credentials.DependencyUnavailableException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as {@link ApiError} JSON: Spring MVC's own (bad input, unknown path, wrong media type) through
 * {@link #handleExceptionInternal}, refusals and outages through the handlers below. Nothing unexpected leaks: an
 * unknown exception is logged here and answered with a bare 500.
 */
@RestControllerAdvice
class ApiErrorHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    @ExceptionHandler
    ResponseEntity<ApiError> dependencyUnavailable(DependencyUnavailableException ex) {
        return json(HttpStatus.SERVICE_UNAVAILABLE, new HttpHeaders(), new ApiError("dependency unavailable",
                HttpStatus.SERVICE_UNAVAILABLE.value(), ex.dependency().id(), ex.getMessage(), null));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> downstreamRefusal(DownstreamRefusalException ex) {
        HttpHeaders headers = new HttpHeaders();
        if (ex.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, ex.retryAfter());
        }
        return json(ex.status(), headers, ex.body());
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unexpected(Exception ex) {
        log.error("Unexpected failure", ex);
        return json(HttpStatus.INTERNAL_SERVER_ERROR, new HttpHeaders(),
                ApiError.of("internal error", HttpStatus.INTERNAL_SERVER_ERROR.value(), null));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        int status = statusCode.value();
        String error = status == 400 ? "invalid request" : reason(statusCode);
        return ResponseEntity.status(statusCode).headers(headers).contentType(MediaType.APPLICATION_JSON)
            .body(ApiError.of(error, status, detail(ex)));
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

    private static ResponseEntity<ApiError> json(HttpStatus status, HttpHeaders headers, ApiError body) {
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
