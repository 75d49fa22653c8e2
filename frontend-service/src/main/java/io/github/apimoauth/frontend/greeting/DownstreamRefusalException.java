package io.github.apimoauth.frontend.greeting;

import org.springframework.http.HttpStatus;

/**
 * The gateway or the backend refused the call, or no answer came. Carries the error body and the status this
 * service answers with, which {@link ReplyReader} chose.
 */
class DownstreamRefusalException extends RuntimeException {

    private final HttpStatus status;

    private final ApiError body;

    private final String retryAfter;

    DownstreamRefusalException(HttpStatus status, ApiError body, String retryAfter) {
        super(body.error(), null, false, false);
        this.status = status;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    HttpStatus status() {
        return status;
    }

    ApiError body() {
        return body;
    }

    /** The gateway's Retry-After, passed on with a 429; null otherwise. */
    String retryAfter() {
        return retryAfter;
    }
}
