package io.github.apimoauth.emulator.web;

import java.util.Optional;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.github.apimoauth.emulator.config.EmulatorProperties;
import reactor.core.publisher.Mono;

/**
 * First filter of every request. It rejects bodies larger than the configured limit before reading them, refuses a
 * path whose spelling routing and a plain string check would read differently ({@link Requests#ambiguity}), collapses
 * repeated slashes (MSAL asks IMDS for //metadata/…, and Spring's issuer discovery may produce {issuer}//.well-known/…
 * for a v1 issuer ending in a slash), and keeps each listener to its own services, judged on the decoded path: Key
 * Vault, App Configuration and Application Insights ingestion only on the HTTPS port, everything else only on the HTTP
 * port.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ListenerRoutingFilter implements WebFilter {

    private final EmulatorUrls urls;

    private final long maxRequestBytes;

    ListenerRoutingFilter(EmulatorUrls urls, EmulatorProperties properties) {
        this.urls = urls;
        this.maxRequestBytes = properties.getMaxRequestSize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getContentLength() > maxRequestBytes) {
            return Mono.error(ApiException.azure(HttpStatus.CONTENT_TOO_LARGE, "RequestTooLarge",
                    "The request body is larger than " + maxRequestBytes + " bytes."));
        }
        Optional<String> ambiguity = Requests.ambiguity(request);
        if (ambiguity.isPresent()) {
            return Mono.error(ApiException.azure(HttpStatus.BAD_REQUEST, "BadParameter", "The request path contains "
                    + ambiguity.get() + ", which the emulator refuses: send the plain path."));
        }
        String decoded = Requests.normalizedPath(request);
        boolean httpsPath = Requests.isHttpsPath(decoded);
        boolean https = request.getSslInfo() != null;
        if (httpsPath && !https) {
            return Mono.error(ApiException.azure(HttpStatus.NOT_FOUND, "NotFound",
                    httpsService(decoded) + " is served over HTTPS at " + urls.vaultUrl()));
        }
        if (!httpsPath && https) {
            return Mono.error(ApiException.azure(HttpStatus.NOT_FOUND, "NotFound", "This port serves Key Vault, App "
                    + "Configuration and Application Insights ingestion only; Entra ID, managed identity and the admin API are at "
                    + urls.baseUrl()));
        }
        String path = request.getPath().value();
        String collapsed = path.replaceAll("/{2,}", "/");
        if (collapsed.equals(path)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(request.mutate().path(collapsed).build()).build());
    }

    /** The service an HTTPS path belongs to, as the 404 on the HTTP port names it. */
    private static String httpsService(String decoded) {
        if (Requests.isKeyVaultPath(decoded)) {
            return "Key Vault";
        }
        return Requests.isIngestionPath(decoded) ? "Application Insights ingestion" : "App Configuration";
    }
}
