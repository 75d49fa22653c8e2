package io.github.apimoauth.emulator.web;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A refusal with the exact JSON body the emulated protocol uses (Key Vault, App Service MSI, IMDS and Entra each
 * shape errors their own way), and optional response headers such as a Key Vault challenge.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    private final Map<String, Object> body;

    private final HttpHeaders headers;

    public ApiException(HttpStatus status, Map<String, Object> body) {
        this(status, body, new HttpHeaders());
    }

    public ApiException(HttpStatus status, Map<String, Object> body, HttpHeaders headers) {
        super(status + " " + body, null, false, false);
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    /** The generic Azure REST error: {"error":{"code":…,"message":…}}. */
    public static ApiException azure(HttpStatus status, String code, String message) {
        return new ApiException(status, azureBody(code, message));
    }

    public static Map<String, Object> azureBody(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }

    public HttpStatus status() {
        return status;
    }

    public Map<String, Object> body() {
        return body;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
