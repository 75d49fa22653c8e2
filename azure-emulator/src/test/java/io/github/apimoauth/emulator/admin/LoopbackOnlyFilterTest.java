package io.github.apimoauth.emulator.admin;

import java.net.InetSocketAddress;
import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.web.ApiException;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackOnlyFilterTest {

    private final WebFilterChain passes = exchange -> Mono.empty();

    @Test
    void filterWhenAdminCalledFromAnotherHostThen403() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/_emulator/tokens")
            .remoteAddress(new InetSocketAddress("10.1.2.3", 40000)));

        StepVerifier.create(new LoopbackOnlyFilter(new EmulatorProperties()).filter(exchange, passes))
            .expectErrorSatisfies(ex -> {
                assertThat(ex).isInstanceOf(ApiException.class);
                assertThat(((ApiException) ex).status().value()).isEqualTo(403);
                assertThat(((ApiException) ex).body().toString()).contains("AdminLoopbackOnly");
            })
            .verify();
    }

    /**
     * Routing decodes each segment and drops path parameters ({@code PathPattern} matches /%5Femulator/tokens to the
     * admin handlers), so every spelling of the admin path must be refused to a remote caller, not just the plain one.
     * The URIs are built with URI.create so they reach the filter exactly as a client sent them.
     */
    @ParameterizedTest
    @ValueSource(strings = { "/%5Femulator/tokens", "/%5femulator/tokens", "/_emul%61tor/tokens", "//_emulator/tokens",
            "/./_emulator/tokens", "/x/../_emulator/tokens", "/%2e/_emulator/tokens", "/_emulator;p=1/tokens", "/;p=1/_emulator/tokens" })
    void filterWhenAdminPathSpelledDifferentlyFromAnotherHostThen403(String path) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.POST, URI.create("http://emulator" + path))
            .remoteAddress(new InetSocketAddress("10.1.2.3", 40000)));

        StepVerifier.create(new LoopbackOnlyFilter(new EmulatorProperties()).filter(exchange, passes))
            .expectErrorSatisfies(ex -> {
                assertThat(ex).isInstanceOf(ApiException.class);
                assertThat(((ApiException) ex).status().value()).isEqualTo(403);
                assertThat(((ApiException) ex).body().toString()).contains("AdminLoopbackOnly");
            })
            .verify();
    }

    @Test
    void filterWhenAdminCalledFromLoopbackOrEntraCalledFromAnywhereThenPasses() {
        MockServerWebExchange admin = MockServerWebExchange.from(MockServerHttpRequest.post("/_emulator/tokens")
            .remoteAddress(new InetSocketAddress("127.0.0.1", 40000)));
        MockServerWebExchange entra = MockServerWebExchange.from(MockServerHttpRequest.get("/common/discovery/keys")
            .remoteAddress(new InetSocketAddress("10.1.2.3", 40000)));
        LoopbackOnlyFilter filter = new LoopbackOnlyFilter(new EmulatorProperties());

        StepVerifier.create(filter.filter(admin, passes)).verifyComplete();
        StepVerifier.create(filter.filter(entra, passes)).verifyComplete();
    }

    @Test
    void filterWhenRemoteAdminExplicitlyAllowedThenPasses() {
        EmulatorProperties properties = new EmulatorProperties();
        properties.getAdmin().setAllowRemote(true);
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/_emulator/tokens")
            .remoteAddress(new InetSocketAddress("10.1.2.3", 40000)));

        StepVerifier.create(new LoopbackOnlyFilter(properties).filter(exchange, passes)).verifyComplete();
    }
}
