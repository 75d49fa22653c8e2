package io.github.apimoauth.emulator.web;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Turns every failure into a JSON body with a fitting status. Bad input is a 4xx naming the problem; nothing
 * ever answers with a stack trace, and a request the emulator cannot make sense of never breaks it for the next one.
 */
@Component
@Order(-2)
class JsonErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(JsonErrorHandler.class);

    private final JsonMapper jsonMapper;

    JsonErrorHandler(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        HttpStatusCode status;
        Map<String, Object> body;
        if (ex instanceof ApiException api) {
            status = api.status();
            body = api.body();
            response.getHeaders().addAll(api.headers());
        }
        else if (causedBy(ex, DataBufferLimitException.class)) {
            status = HttpStatus.CONTENT_TOO_LARGE;
            body = ApiException.azureBody("RequestTooLarge", "The request body is larger than the emulator accepts.");
        }
        else if (ex instanceof UnsupportedMediaTypeStatusException) {
            status = HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            body = ApiException.azureBody("UnsupportedMediaType", "Send the body as application/json.");
        }
        else if (ex instanceof ServerWebInputException input) {
            status = HttpStatus.BAD_REQUEST;
            body = ApiException.azureBody("BadParameter", describe(input));
        }
        else if (ex instanceof MethodNotAllowedException) {
            status = HttpStatus.METHOD_NOT_ALLOWED;
            body = ApiException.azureBody("MethodNotAllowed", "The method " + exchange.getRequest().getMethod() + " is not allowed here.");
        }
        else if (ex instanceof ResponseStatusException rse && rse.getStatusCode().is4xxClientError()) {
            status = rse.getStatusCode();
            body = ApiException.azureBody(status.value() == 404 ? "NotFound" : "BadRequest",
                    status.value() == 404 ? "No emulated endpoint at " + exchange.getRequest().getPath().value() : rse.getReason());
        }
        else {
            log.error("Unexpected failure on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            body = ApiException.azureBody("InternalError", "The emulator failed unexpectedly; see its log.");
        }
        response.setStatusCode(status);
        // A protocol with its own error type (App Configuration's application/problem+json) names it in the headers.
        if (response.getHeaders().getContentType() == null) {
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        }
        byte[] bytes = jsonMapper.writeValueAsBytes(body);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    private static String describe(ServerWebInputException ex) {
        if (causedBy(ex, tools.jackson.core.JacksonException.class) || causedBy(ex, org.springframework.core.codec.DecodingException.class)) {
            return "The request body is not valid JSON for this operation.";
        }
        String reason = ex.getReason();
        return reason == null ? "The request is malformed." : reason;
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
