package io.github.apimoauth.gateway.backendkey;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

import io.github.apimoauth.gateway.FakeNamedValues;
import io.github.apimoauth.gateway.policy.PolicyMeters;
import io.github.apimoauth.gateway.policy.ProtectedHeaders;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SetBackendFunctionKeyGatewayFilterFactoryTest {

    private final FakeNamedValues values = new FakeNamedValues();

    private final SetBackendFunctionKeyGatewayFilterFactory factory = new SetBackendFunctionKeyGatewayFilterFactory(values,
            new ProtectedHeaders(), PolicyMeters.none());

    private final AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();

    private MockServerWebExchange run(MockServerHttpRequest.BaseBuilder<?> request) {
        GatewayFilter filter = factory.apply(new SetBackendFunctionKeyGatewayFilterFactory.Config());
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, ex -> {
            forwarded.set(ex);
            return Mono.empty();
        }).block();
        return exchange;
    }

    @Test
    void filterWhenClientSendsKeyCodeAndPrincipalHeadersThenOnlyTheGatewayKeyIsForwarded() {
        values.with("backend-function-key", "vault-key");

        MockServerWebExchange original = run(MockServerHttpRequest.get("/backend/items?code=client-code&x=1")
            .header("x-functions-key", "client-key")
            .header("X-MS-CLIENT-PRINCIPAL", "e30=")
            .header("X-MS-CLIENT-PRINCIPAL-ID", "spoofed")
            .header("x-ms-token-aad-access-token", "spoofed")
            .header("Authorization", "Bearer abc.def.ghi"));

        ServerHttpRequest request = forwarded.get().getRequest();
        assertThat(request.getHeaders().get("x-functions-key")).containsExactly("vault-key");
        assertThat(request.getHeaders().headerNames()).noneMatch(n -> n.toLowerCase().startsWith("x-ms-"));
        assertThat(request.getHeaders().getFirst("Authorization")).isEqualTo("Bearer abc.def.ghi");
        assertThat(request.getURI().getRawQuery()).isEqualTo("x=1");
        assertThat(original.getRequest().getHeaders().getFirst("x-functions-key")).as("the original is not mutated").isEqualTo("client-key");
    }

    @Test
    void filterWhenCodeParameterSpelledOtherwiseThenNoneIsForwarded() {
        values.with("backend-function-key", "vault-key");

        run(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/backend/items?%63ode=a&CODE=b&c%6Fde=c&x=1&Code&codes=kept")));

        assertThat(forwarded.get().getRequest().getURI().getRawQuery()).isEqualTo("x=1&codes=kept");
    }

    @Test
    void filterWhenQueryCannotNameCodeThenUriIsNotRebuilt() {
        values.with("backend-function-key", "vault-key");

        MockServerWebExchange original = run(MockServerHttpRequest.get("/backend/items?x=1&y=2"));

        assertThat(forwarded.get().getRequest().getURI()).isSameAs(original.getRequest().getURI());
    }

    @Test
    void filterWhenKeyNotLoadedThen503WithoutForwarding() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/backend/items"));

        assertThat(forwarded.get()).isNull();
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
        assertThat(exchange.getResponse().getBodyAsString().block()).startsWith("{\"statusCode\":503,");
    }

    @Test
    void applyWhenHeaderNameIsAuthorizationThenFails() {
        SetBackendFunctionKeyGatewayFilterFactory.Config config = new SetBackendFunctionKeyGatewayFilterFactory.Config();
        config.setHeaderName("Authorization");

        assertThatIllegalArgumentException().isThrownBy(() -> factory.apply(config)).withMessageContaining("header-name");
    }
}
