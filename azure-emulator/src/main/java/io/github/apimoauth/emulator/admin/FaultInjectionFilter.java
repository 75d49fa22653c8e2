package io.github.apimoauth.emulator.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import reactor.core.publisher.Mono;

import io.github.apimoauth.emulator.web.ApiException;
import io.github.apimoauth.emulator.web.Requests;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/** Applies injected faults to the endpoints they target; the admin API itself is never affected. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class FaultInjectionFilter implements WebFilter {

    private final Faults faults;

    FaultInjectionFilter(Faults faults) {
        this.faults = faults;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Optional<Faults.Fault> fault = target(Requests.normalizedPath(exchange.getRequest())).flatMap(faults::active);
        if (fault.isEmpty()) {
            return chain.filter(exchange);
        }
        Faults.Fault f = fault.get();
        ApiException outage = ApiException.azure(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
                "Emulated outage of " + f.target() + " until " + f.until());
        if (f.mode() == Faults.Mode.HANG) {
            Duration remaining = Duration.between(Instant.now(), f.until());
            return Mono.delay(remaining.isNegative() ? Duration.ZERO : remaining).then(Mono.error(outage));
        }
        return Mono.error(outage);
    }

    static Optional<Faults.Target> target(String path) {
        if (path.startsWith("/msi/") || path.startsWith("/metadata/identity/")) {
            return Optional.of(Faults.Target.MANAGED_IDENTITY);
        }
        if (path.endsWith("/.well-known/openid-configuration") || path.contains("/discovery/")) {
            return Optional.of(Faults.Target.OPENID);
        }
        if (Requests.isKeyVaultPath(path)) {
            return Optional.of(Faults.Target.KEY_VAULT);
        }
        if (Requests.isAppConfigurationPath(path)) {
            return Optional.of(Faults.Target.APP_CONFIGURATION);
        }
        if (Requests.isIngestionPath(path)) {
            return Optional.of(Faults.Target.APPLICATION_INSIGHTS);
        }
        return Optional.empty();
    }
}
