package io.github.apimoauth.frontend.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.frontend.credentials.BackendToken;
import io.github.apimoauth.frontend.credentials.SubscriptionKey;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Calls the greeting operation on the gateway with the bearer token and the subscription key. One attempt per call:
 * retrying is the caller's decision, because only it knows why a retry would help.
 */
public class GatewayClient {

    /** APIM's header for the subscription key. */
    public static final String SUBSCRIPTION_KEY_HEADER = "Ocp-Apim-Subscription-Key";

    private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);

    private final RestClient rest;

    private final String greetingPath;

    /** The gateway's URL and the greeting path, joined once: only the query differs between calls. */
    private final URI greetingUri;

    private final int maxResponseSize;

    GatewayClient(RestClient rest, URI gatewayUrl, String greetingPath, int maxResponseSize) {
        this.rest = rest;
        this.greetingPath = greetingPath;
        this.greetingUri = UriComponentsBuilder.fromUri(gatewayUrl).path(greetingPath).build().toUri();
        this.maxResponseSize = maxResponseSize;
    }

    /**
     * Sends the request and returns whatever the gateway answered.
     * @throws GatewayTransportException when no HTTP answer arrived
     */
    public GatewayReply greeting(GatewayRequest request, BackendToken token, SubscriptionKey key) {
        long started = System.nanoTime();
        try {
            RestClient.RequestBodySpec spec = rest.method(request.method()).uri(uri(request.query())).headers(headers -> {
                headers.setBearerAuth(token.value());
                headers.set(SUBSCRIPTION_KEY_HEADER, key.value());
                headers.setAccept(List.of(MediaType.APPLICATION_JSON));
            });
            if (request.jsonBody() != null) {
                spec.contentType(MediaType.APPLICATION_JSON).body(request.jsonBody());
            }
            GatewayReply reply = spec.exchange((req, res) -> new GatewayReply(res.getStatusCode().value(),
                    HttpHeaders.copyOf(res.getHeaders()), read(res.getBody())), true);
            // The trace id is in the line's [traceId-spanId] prefix, as in the gateway's and the backend's lines.
            log.info("{} {} -> {} in {} ms (token {}, subscription key {})", request.method(), greetingPath,
                    reply.status(), millisSince(started), token.fingerprint(), key.fingerprint());
            return reply;
        }
        catch (ResourceAccessException ex) {
            GatewayTransportException failure = classify(ex);
            log.warn("{} {} -> no answer after {} ms: {} ({})", request.method(), greetingPath, millisSince(started),
                    failure.kind(), ex.getCause() == null ? ex.getClass().getSimpleName() : ex.getCause().getClass().getSimpleName());
            throw failure;
        }
    }

    /**
     * The greeting URI with the query, each name and value encoded whole (every character outside RFC 3986's
     * unreserved set, as a URI template's variables are). Built by hand: expanding a template on every call was 4% of
     * the frontend's CPU samples under load.
     */
    URI uri(Map<String, String> query) {
        if (query.isEmpty()) {
            return greetingUri;
        }
        StringBuilder uri = new StringBuilder(greetingUri.toString()).append('?');
        query.forEach((name, value) -> uri.append(UriUtils.encode(name, StandardCharsets.UTF_8)).append('=')
            .append(UriUtils.encode(value, StandardCharsets.UTF_8)).append('&'));
        uri.setLength(uri.length() - 1);
        return URI.create(uri.toString());
    }

    private byte[] read(InputStream body) throws IOException {
        return body == null ? new byte[0] : body.readNBytes(maxResponseSize);
    }

    private static GatewayTransportException classify(ResourceAccessException ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectTimeoutException || cause instanceof ConnectException) {
                return new GatewayTransportException(GatewayTransportException.Kind.UNREACHABLE, "gateway unreachable", ex);
            }
            if (cause instanceof SocketTimeoutException) {
                return new GatewayTransportException(GatewayTransportException.Kind.TIMEOUT, "gateway timed out", ex);
            }
        }
        return new GatewayTransportException(GatewayTransportException.Kind.UNREACHABLE, "gateway unreachable", ex);
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
