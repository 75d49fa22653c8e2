package io.github.apimoauth.gateway.policy;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the policies remove from the request they forward. The URI is rebuilt only when the query names the parameter:
 * a caller that sends its credentials in headers, as the frontend does, costs no URI parse and rebuild per request.
 */
public final class ForwardedRequests {

    private ForwardedRequests() {
    }

    /** Removes every value of a query parameter (by its decoded name) from the copy being built. */
    public static ServerHttpRequest.Builder withoutQueryParameter(ServerHttpRequest request, ServerHttpRequest.Builder copy,
            String name) {
        if (request.getQueryParams().containsKey(name)) {
            copy.uri(UriComponentsBuilder.fromUri(request.getURI()).replaceQueryParam(name).build(true).toUri());
        }
        return copy;
    }
}
