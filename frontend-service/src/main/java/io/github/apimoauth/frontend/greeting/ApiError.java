package io.github.apimoauth.frontend.greeting;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every error body this service sends. Never a stack trace, a token or a key.
 *
 * @param error what went wrong, in a few words
 * @param status the status of the hop that refused (the gateway's or backend's), or this service's own
 * @param dependency the dependency that failed, for 503s
 * @param detail the refusing hop's own message, or more on the error
 * @param trace the hops so far, when the call got that far
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(String error, int status, String dependency, String detail, List<TraceHop> trace) {

    static ApiError of(String error, int status, String detail) {
        return new ApiError(error, status, null, detail, null);
    }
}
