package io.github.apimoauth.frontend.gateway;

import org.springframework.http.HttpHeaders;

/**
 * What the gateway answered, whatever the status: refusals are results to report, not exceptions.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body, at most {@code maxResponseSize} bytes
 */
public record GatewayReply(int status, HttpHeaders headers, byte[] body) {

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        // The body may be anything the gateway or backend chose to send: keep it out of log lines.
        return "GatewayReply[status=" + status + ", bodyBytes=" + body.length + "]";
    }
}
