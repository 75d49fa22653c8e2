package io.github.apimoauth.gateway.policy;

import org.springframework.web.server.ServerWebExchange;

/** The correlation id of a request, set by the correlation filter, for the policies' log lines. */
public final class RequestIds {

    public static final String ATTRIBUTE = RequestIds.class.getName() + ".requestId";

    private RequestIds() {
    }

    public static String of(ServerWebExchange exchange) {
        String id = exchange.getAttribute(ATTRIBUTE);
        return id != null ? id : "-";
    }
}
