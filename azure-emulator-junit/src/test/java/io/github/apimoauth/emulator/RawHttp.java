package io.github.apimoauth.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import io.github.apimoauth.emulator.junit.AzureEmulator;

/** Plain HTTP calls, for the requests no SDK would send: the malformed, the unauthenticated, the oversized. */
final class RawHttp {

    record Response(int status, java.net.http.HttpHeaders headers, String body) {

        Map<String, Object> json() {
            try {
                return JSONObjectUtils.parse(body);
            }
            catch (ParseException ex) {
                throw new AssertionError("Body is not JSON: " + body, ex);
            }
        }

        /** The body as a JSON array, as the admin API's listings answer. */
        java.util.List<Object> jsonArray() {
            try {
                return com.nimbusds.jose.util.JSONArrayUtils.parse(body);
            }
            catch (ParseException ex) {
                throw new AssertionError("Body is not a JSON array: " + body, ex);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient client;

    RawHttp(AzureEmulator emulator) {
        this.client = HttpClient.newBuilder().sslContext(emulator.sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    Response send(String method, String url, Map<String, String> headers, String body) {
        return sendBody(method, url, headers, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    /** With a binary body, such as a gzipped telemetry batch. */
    Response sendBytes(String method, String url, Map<String, String> headers, byte[] body) {
        return sendBody(method, url, headers, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private Response sendBody(String method, String url, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).method(method, body);
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        }
        catch (Exception ex) {
            throw new AssertionError(method + " " + url + " failed", ex);
        }
    }

    /**
     * Writes the request line as given, over a plain socket: java.net.http refuses to send what is malformed, such as
     * a bad percent-escape, and a real client or attacker may well send it. Returns status and body.
     */
    static Response sendVerbatim(String baseUrl, String target, Map<String, String> headers) {
        return sendVerbatim(baseUrl, "GET", target, headers);
    }

    /** As {@link #sendVerbatim(String, String, Map)}, with another method and no body. */
    static Response sendVerbatim(String baseUrl, String method, String target, Map<String, String> headers) {
        URI base = URI.create(baseUrl);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nConnection: close\r\nContent-Length: 0\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(raw.substring(9, 12));
            int split = raw.indexOf("\r\n\r\n");
            java.util.Map<String, java.util.List<String>> parsed = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line : raw.substring(0, split).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    parsed.computeIfAbsent(line.substring(0, colon).trim(), k -> new java.util.ArrayList<>()).add(line.substring(colon + 1).trim());
                }
            }
            return new Response(status, java.net.http.HttpHeaders.of(parsed, (a, b) -> true), raw.substring(split + 4));
        }
        catch (java.io.IOException ex) {
            throw new AssertionError(method + " " + target + " failed", ex);
        }
    }

    Response get(String url, Map<String, String> headers) {
        return send("GET", url, headers, null);
    }
}
