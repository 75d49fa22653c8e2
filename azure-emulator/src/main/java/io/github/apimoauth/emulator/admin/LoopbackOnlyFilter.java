package io.github.apimoauth.emulator.admin;

import reactor.core.publisher.Mono;

import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.web.ApiException;
import io.github.apimoauth.emulator.web.Requests;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The admin API can mint tokens and change role assignments, so by default only loopback callers reach it, even
 * when the emulator's port is published to other containers. The decision is made on the decoded, normalised path,
 * as routing reads it, so {@code /%5Femulator/…} or {@code //_emulator/…} is the admin API here too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class LoopbackOnlyFilter implements WebFilter {

    private final boolean allowRemote;

    LoopbackOnlyFilter(EmulatorProperties properties) {
        this.allowRemote = properties.getAdmin().isAllowRemote();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (allowRemote || !Requests.normalizedPath(exchange.getRequest()).startsWith("/_emulator")
                || Requests.fromLoopback(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        return Mono.error(ApiException.azure(HttpStatus.FORBIDDEN, "AdminLoopbackOnly",
                "The admin API answers loopback callers only; set emulator.admin.allow-remote=true to change that."));
    }
}
