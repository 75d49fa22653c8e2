package io.github.apimoauth.gateway.guard;

import java.util.List;

import io.github.apimoauth.azure.Fingerprint;
import io.github.apimoauth.gateway.policy.ApimResponses;
import io.github.apimoauth.gateway.policy.DecisionLog;
import io.github.apimoauth.gateway.policy.ProtectedHeaders;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Refuses, on every route and before any policy, the requests whose checks the forward could undo:
 * <ul>
 * <li>a path that is not normal ({@link NormalPaths}): the operation and role rules would judge one path while the
 * backend serves another;</li>
 * <li>a {@code Connection} header naming a header the policies check or set ({@link ProtectedHeaders}): the forward
 * removes every header {@code Connection} names, after the policies, so {@code Connection: x-functions-key} would
 * strip the injected function key and {@code Connection: authorization} the token the backend checks again.</li>
 * </ul>
 * Refusing, rather than quietly dropping the name, tells a client what is wrong; no well-behaved client sends either.
 */
@Component
class RequestGuardFilter implements GlobalFilter, Ordered {

    static final String BAD_PATH = "The request path is not allowed: dot segments, empty segments, encoded slashes or "
            + "backslashes and path parameters are refused.";

    static final String BAD_CONNECTION = "The Connection header must not name a header the gateway checks or sets.";

    /** The guard's name in the decision lines (APIM has no policy of that name: it is the gateway's own check). */
    private static final String GUARD = "request-guard";

    private final ProtectedHeaders protectedHeaders;

    RequestGuardFilter(ProtectedHeaders protectedHeaders) {
        this.protectedHeaders = protectedHeaders;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (!NormalPaths.isNormal(path)) {
            // The path is the client's; a fingerprint tells repeated attempts apart without writing it into the log.
            DecisionLog.denied(exchange, GUARD, 400, "path not normal", "path=" + Fingerprint.of(path));
            return ApimResponses.refuse(exchange, 400, BAD_PATH);
        }
        List<String> connection = request.getHeaders().getConnection();
        if (!connection.isEmpty() && connection.stream().anyMatch(protectedHeaders::isProtected)) {
            DecisionLog.denied(exchange, GUARD, 400, "Connection header names a protected header", "");
            return ApimResponses.refuse(exchange, 400, BAD_CONNECTION);
        }
        return chain.filter(exchange);
    }

    /**
     * Right after correlation (HIGHEST_PRECEDENCE + 100), so a refusal carries the ids, and before every route filter,
     * which take their list positions 1, 2, … (see PolicyOrderCheck): no policy judges a path or headers that the
     * forward would change.
     */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 200;
    }
}
