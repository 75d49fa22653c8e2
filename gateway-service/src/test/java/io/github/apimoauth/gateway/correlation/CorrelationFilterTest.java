package io.github.apimoauth.gateway.correlation;

import java.util.concurrent.atomic.AtomicReference;

import io.github.apimoauth.gateway.policy.RequestIds;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationFilterTest {

    private final CorrelationFilter filter = new CorrelationFilter();

    private final AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();

    private MockServerWebExchange run(MockServerHttpRequest.BaseBuilder<?> request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, ex -> {
            forwarded.set(ex);
            return ex.getResponse().setComplete();
        }).block();
        return exchange;
    }

    @Test
    void filterWhenTraceparentValidThenTraceIdKeptAndForwardedAndReturned() {
        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/backend/x").header("traceparent", incoming));

        String sent = forwarded.get().getRequest().getHeaders().getFirst("traceparent");
        assertThat(sent).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01").isNotEqualTo(incoming);
        assertThat(exchange.getResponse().getHeaders().getFirst("traceparent")).isEqualTo(sent);
        assertThat(exchange.getResponse().getHeaders().getFirst("x-request-id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void filterWhenRequestIdGivenThenKeptForBackendResponseAndLogs() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/backend/x").header("x-request-id", "abc-123"));

        assertThat(forwarded.get().getRequest().getHeaders().getFirst("x-request-id")).isEqualTo("abc-123");
        assertThat(RequestIds.of(forwarded.get())).isEqualTo("abc-123");
        assertThat(exchange.getResponse().getHeaders().getFirst("x-request-id")).isEqualTo("abc-123");
        assertThat(exchange.getResponse().getHeaders().getFirst("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    @Test
    void filterWhenIdsMissingOrMalformedThenCreated() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/backend/x")
            .header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")
            .header("x-request-id", "bad\u0000id with spaces"));

        String traceparent = exchange.getResponse().getHeaders().getFirst("traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").doesNotContain("0000000000000000000000000000000");
        assertThat(exchange.getResponse().getHeaders().getFirst("x-request-id")).isEqualTo(traceparent.substring(3, 35));
    }
}
