package io.github.apimoauth.frontend.greeting;

import java.util.List;

/**
 * What went wrong, before {@link ApiErrorHandler} answers it as an RFC 9457 problem. Never a stack trace, a token or
 * a key.
 *
 * @param error what went wrong, in a few words: the problem's {@code error} member
 * @param hopStatus the status the refusing hop (the gateway or the backend) answered with; null when none answered
 * @param dependency the dependency that failed, for 503s
 * @param detail the refusing hop's own message, or more on the error: the problem's {@code detail}
 * @param trace the hops so far, when the call got that far: the problem's {@code trace} member
 */
record ApiError(String error, Integer hopStatus, String dependency, String detail, List<TraceHop> trace) {

    static ApiError of(String error, String detail) {
        return new ApiError(error, null, null, detail, null);
    }
}
