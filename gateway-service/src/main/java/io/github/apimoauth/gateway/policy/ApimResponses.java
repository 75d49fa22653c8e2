package io.github.apimoauth.gateway.policy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a policy's refusal the way APIM does: {"statusCode":…,"message":…}. The message is always one of the
 * policies' fixed texts; a token, a key or an exception never reaches it.
 */
public final class ApimResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ApimResponses() {
    }

    public static String body(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", status);
        body.put("message", message);
        return JSON.writeValueAsString(body);
    }

    /** Ends the exchange with this status, message and extra headers (WWW-Authenticate, Retry-After…). */
    public static Mono<Void> refuse(ServerWebExchange exchange, int status, String message, Map<String, String> headers) {
        PolicyChainTimer.refused(exchange);
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatusCode.valueOf(status));
        HttpHeaders responseHeaders = response.getHeaders();
        responseHeaders.setContentType(MediaType.APPLICATION_JSON);
        headers.forEach(responseHeaders::set);
        DataBuffer buffer = response.bufferFactory().wrap(body(status, message).getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    public static Mono<Void> refuse(ServerWebExchange exchange, int status, String message) {
        return refuse(exchange, status, message, Map.of());
    }
}
