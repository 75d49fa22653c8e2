package io.github.apimoauth.backend.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Bad input gets a 4xx RFC 9457 problem that names the problem ({@link JsonResponses}); nothing else ever reaches the
 * caller as a 500 trace. Spring MVC's own errors (404, 405, 415, 406 and the rest) keep their status.
 */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final JsonResponses responses;

    ApiErrors(JsonResponses responses) {
        this.responses = responses;
    }

    @ExceptionHandler({ HandlerMethodValidationException.class, MethodArgumentNotValidException.class,
            jakarta.validation.ConstraintViolationException.class })
    ResponseEntity<ProblemDetail> invalid(HttpServletRequest request) {
        return error(request, HttpStatus.BAD_REQUEST, "invalid_request",
                "name must be 1-64 letters, spaces, apostrophes, dots or dashes, starting with a letter.");
    }

    @ExceptionHandler({ HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class })
    ResponseEntity<ProblemDetail> unreadable(HttpServletRequest request) {
        return error(request, HttpStatus.BAD_REQUEST, "invalid_request", "The request body must be JSON like {\"name\":\"Ada\"}.");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpServletRequest request) {
        return error(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send application/json.");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpServletRequest request, HttpRequestMethodNotSupportedException ex) {
        ResponseEntity<ProblemDetail> problem = error(request, HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                "This method is not supported here.");
        return ResponseEntity.status(problem.getStatusCode()).headers(ex.getHeaders()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(problem.getBody());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> notFound(HttpServletRequest request) {
        return error(request, HttpStatus.NOT_FOUND, "not_found", "No such endpoint.");
    }

    /** Spring MVC's other 4xx (406, 413, a missing parameter…) keep their status and reason, never their message. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(HttpServletRequest request, Exception ex) {
        HttpStatus status = ex instanceof ErrorResponse response ? HttpStatus.resolve(response.getStatusCode().value()) : null;
        if (status != null && status.is4xxClientError()) {
            return error(request, status, status.name().toLowerCase(Locale.ROOT), status.getReasonPhrase() + ".");
        }
        log.error("Unexpected failure", ex);
        return error(request, HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Unexpected error; quote the trace id.");
    }

    private ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpStatus status, String error, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(responses.problem(request, status.value(), error, message));
    }
}
