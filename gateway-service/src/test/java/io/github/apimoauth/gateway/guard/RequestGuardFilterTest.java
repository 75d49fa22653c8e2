package io.github.apimoauth.gateway.guard;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

import io.github.apimoauth.gateway.policy.ProtectedHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class RequestGuardFilterTest {

    private final ProtectedHeaders protectedHeaders = new ProtectedHeaders();

    private final RequestGuardFilter filter = new RequestGuardFilter(protectedHeaders);

    private final AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();

    private MockServerWebExchange run(MockServerHttpRequest.BaseBuilder<?> request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, ex -> {
            forwarded.set(ex);
            return Mono.empty();
        }).block();
        return exchange;
    }

    private static MockServerHttpRequest.BaseBuilder<?> get(String rawPath) {
        return MockServerHttpRequest.method(HttpMethod.GET, URI.create(rawPath));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/backend/a/../admin", "/backend/..", "/backend/./a", "/backend/a/.", "/backend/%2e%2e/admin",
        "/backend/%2E./admin", "/backend/.%2e", "/backend/%2e/a", "/backend/a%2fb", "/backend/a%2Fb", "/backend/a%5cb",
        "/backend/a%5Cb", "/backend/a;jsessionid=1/b", "/backend/a;", "/backend/a%3bb", "/backend//a", "/backend/a//b" })
    void filterWhenPathNotNormalThen400ApimBodyAndNotForwarded(String rawPath) {
        MockServerWebExchange exchange = run(get(rawPath));

        assertThat(forwarded.get()).isNull();
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(400);
        assertThat(exchange.getResponse().getHeaders().getContentType().toString()).startsWith("application/json");
        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"statusCode\":400,\"message\":\""
                + RequestGuardFilter.BAD_PATH + "\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/backend", "/backend/items/1", "/backend/items/", "/backend/file.v1..json",
        "/backend/.well-known/x", "/backend/...", "/backend/%7Euser/a%20b", "/backend/items?q=../x;y" })
    void filterWhenPathNormalThenForwardedUnchanged(String rawPath) {
        MockServerWebExchange exchange = run(get(rawPath));

        assertThat(forwarded.get()).isNotNull();
        assertThat(forwarded.get().getRequest()).isSameAs(exchange.getRequest());
    }

    @Test
    void isNormalWhenRawBackslashBadEncodingOrNoLeadingSlashThenFalse() {
        // Paths java.net.URI would not hold, as a server adapter might still hand them over.
        assertThat(NormalPaths.isNormal("/backend/a\\b")).isFalse();
        assertThat(NormalPaths.isNormal("/backend/..\\admin")).isFalse();
        assertThat(NormalPaths.isNormal("/backend/a%zz")).isFalse();
        assertThat(NormalPaths.isNormal("/backend/a%e")).isFalse();
        assertThat(NormalPaths.isNormal("backend/a")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "authorization", "Authorization", "x-functions-key", "keep-alive, X-Functions-Key",
        "Ocp-Apim-Subscription-Key", "X-MS-CLIENT-PRINCIPAL", "x-ms-client-principal-id", "x-ms-token-aad-access-token",
        "x-custom-token" })
    void filterWhenConnectionNamesAProtectedHeaderThen400AndNotForwarded(String connection) {
        protectedHeaders.protect("X-Custom-Token");

        MockServerWebExchange exchange = run(get("/backend/items").header("Connection", connection));

        assertThat(forwarded.get()).isNull();
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(400);
        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"statusCode\":400,\"message\":\""
                + RequestGuardFilter.BAD_CONNECTION + "\"}");
    }

    @Test
    void filterWhenConnectionNamesOnlyOrdinaryOptionsThenForwarded() {
        run(get("/backend/items").header("Connection", "keep-alive, Upgrade, x-client-hint"));

        assertThat(forwarded.get()).isNotNull();
    }
}
