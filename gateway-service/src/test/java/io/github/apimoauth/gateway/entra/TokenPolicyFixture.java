package io.github.apimoauth.gateway.entra;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.github.apimoauth.emulator.entra.TokenMinter;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.entra.JwksSettings;
import io.github.apimoauth.entra.OperationRule;
import io.github.apimoauth.entra.RoleMatch;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

/** Runs a token policy over a MockServerWebExchange, with real tokens and real signing keys from the emulator. */
final class TokenPolicyFixture {

    static final AzureEmulator emulator = AzureEmulator.shared();

    /** What one run gives: the forwarded exchange (null when refused) and the exchange holding the response. */
    record Result(MockServerWebExchange exchange, ServerWebExchange forwarded) {

        int status() {
            return exchange.getResponse().getStatusCode().value();
        }

        String challenge() {
            return exchange.getResponse().getHeaders().getFirst("WWW-Authenticate");
        }

        String body() {
            return exchange.getResponse().getBodyAsString().block();
        }
    }

    private TokenPolicyFixture() {
    }

    static EntraProperties properties(Duration timeToLive, Duration refreshAhead, Duration minRefetchInterval) {
        return properties(timeToLive, refreshAhead, minRefetchInterval, Duration.ofSeconds(2));
    }

    static EntraProperties properties(Duration timeToLive, Duration refreshAhead, Duration minRefetchInterval, Duration timeout) {
        return new EntraProperties(emulator.authorityHost(), emulator.authorityHost(), new JwksSettings(timeToLive,
                refreshAhead, minRefetchInterval, Duration.ofHours(24), timeout, timeout));
    }

    /** The default policy: home tenant, backend-api audiences, GET needs Backend.Read, writes need Backend.Write. */
    static ValidateAzureAdTokenConfig config() {
        ValidateAzureAdTokenConfig config = new ValidateAzureAdTokenConfig();
        config.setTenantId(emulator.tenantId("home"));
        config.setAppId(emulator.appId("backend-api"));
        config.setOperations(List.of(operation(List.of("GET"), "Backend.Read"),
                operation(List.of("POST", "PUT", "PATCH", "DELETE"), "Backend.Write")));
        return config;
    }

    static OperationRule operation(List<String> methods, String role) {
        return new OperationRule(Set.copyOf(methods), "/backend/**", List.of(role), RoleMatch.ANY);
    }

    static Result run(GatewayFilter filter, HttpMethod method, Map<String, String> headers) {
        MockServerHttpRequest.BodyBuilder request = MockServerHttpRequest.method(method, "/backend/items/1");
        headers.forEach(request::header);
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();
        filter.filter(exchange, ex -> {
            forwarded.set(ex);
            return Mono.empty();
        }).block(Duration.ofSeconds(10));
        return new Result(exchange, forwarded.get());
    }

    static Result get(GatewayFilter filter, String token) {
        return run(filter, HttpMethod.GET, Map.of("Authorization", "Bearer " + token));
    }

    static String audience() {
        return "api://" + emulator.appId("backend-api");
    }

    static String token(String identity, Integer version, Map<String, Object> claims, Map<String, Object> header) {
        return emulator.mint(new TokenMinter.MintRequest(null, identity, audience(), version, claims, header, null, null, null));
    }
}
