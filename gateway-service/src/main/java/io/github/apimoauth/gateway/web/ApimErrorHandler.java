package io.github.apimoauth.gateway.web;

import java.net.ConnectException;

import io.github.apimoauth.gateway.policy.ApimResponses;
import io.github.apimoauth.gateway.policy.DecisionLog;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every error the gateway itself answers (no route, backend down, a bug) in APIM's shape, {"statusCode","message"},
 * with the status's reason phrase only: no exception text, no stack trace. Ahead of Boot's handler (order -1).
 */
@Component
@Order(-2)
class ApimErrorHandler implements ErrorWebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        HttpStatus status = status(ex);
        if (status.is5xxServerError()) {
            DecisionLog.failed(exchange, status.value(), ex.getClass().getSimpleName());
        }
        String message = status == HttpStatus.NOT_FOUND ? "Resource not found" : status.getReasonPhrase();
        return ApimResponses.refuse(exchange, status.value(), message);
    }

    private static HttpStatus status(Throwable ex) {
        if (ex instanceof ResponseStatusException rse) {
            HttpStatus resolved = HttpStatus.resolve(rse.getStatusCode().value());
            return resolved != null ? resolved : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return HttpStatus.SERVICE_UNAVAILABLE;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
