package io.github.apimoauth.frontend.gateway;

import java.util.Map;

import org.springframework.http.HttpMethod;

/**
 * One call to make through the gateway, credentials aside.
 *
 * @param method the HTTP method; only GET is ever retried
 * @param query query parameters, encoded by the client
 * @param jsonBody the JSON body, or null for none
 */
public record GatewayRequest(HttpMethod method, Map<String, String> query, byte[] jsonBody) {

    public static GatewayRequest get(Map<String, String> query) {
        return new GatewayRequest(HttpMethod.GET, Map.copyOf(query), null);
    }

    public static GatewayRequest post(byte[] jsonBody) {
        return new GatewayRequest(HttpMethod.POST, Map.of(), jsonBody);
    }

    /** Safe methods may be repeated; a POST that timed out or was refused may already have had an effect. */
    public boolean idempotent() {
        return method == HttpMethod.GET || method == HttpMethod.HEAD;
    }
}
