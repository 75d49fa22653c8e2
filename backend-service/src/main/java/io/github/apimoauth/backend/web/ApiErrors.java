package io.github.apimoauth.backend.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Bad input gets a 4xx with a JSON body that names the problem; nothing else ever reaches the caller as a 500 trace. */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final JsonResponses responses;

    ApiErrors(JsonResponses responses) {
        this.responses = responses;
    }

    @ExceptionHandler({ HandlerMethodValidationException.class, MethodArgumentNotValidException.class,
            jakarta.validation.ConstraintViolationException.class })
    ResponseEntity<Map<String, Object>> invalid(HttpServletRequest request) {
        return error(request, HttpStatus.BAD_REQUEST, "invalid_request",
                "name must be 1-64 letters, spaces, apostrophes, dots or dashes, starting with a letter.");
    }

    @ExceptionHandler({ HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class })
    ResponseEntity<Map<String, Object>> unreadable(HttpServletRequest request) {
        return error(request, HttpStatus.BAD_REQUEST, "invalid_request", "The request body must be JSON like {\"name\":\"Ada\"}.");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpServletRequest request) {
        return error(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send application/json.");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpServletRequest request) {
        return error(request, HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "This method is not supported here.");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(HttpServletRequest request) {
        return error(request, HttpStatus.NOT_FOUND, "not_found", "No such endpoint.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(HttpServletRequest request, Exception ex) {
        log.error("Unexpected failure", ex);
        return error(request, HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Unexpected error; quote the correlation id.");
    }

    private ResponseEntity<Map<String, Object>> error(HttpServletRequest request, HttpStatus status, String error, String message) {
        return ResponseEntity.status(status).body(responses.errorBody(request, status.value(), error, message));
    }
}
