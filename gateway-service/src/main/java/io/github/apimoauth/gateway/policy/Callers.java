package io.github.apimoauth.gateway.policy;

import java.util.Optional;

import io.github.apimoauth.entra.EntraCaller;
import org.springframework.web.server.ServerWebExchange;

/** The caller a token policy has validated, handed to the policies after it (rate limit) through an attribute. */
public final class Callers {

    public static final String ATTRIBUTE = Callers.class.getName() + ".caller";

    private Callers() {
    }

    public static Optional<EntraCaller> of(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }
}
