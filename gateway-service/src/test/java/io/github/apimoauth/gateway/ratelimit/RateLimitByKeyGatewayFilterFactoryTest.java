package io.github.apimoauth.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.gateway.policy.Callers;
import io.github.apimoauth.gateway.policy.PolicyMeters;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RateLimitByKeyGatewayFilterFactoryTest {

    private final RateLimitConfiguration configuration = new RateLimitConfiguration();

    private final RateLimitByKeyGatewayFilterFactory factory = new RateLimitByKeyGatewayFilterFactory(
            configuration.callerRateLimiter(), configuration.callingApplicationKeyResolver(), PolicyMeters.none());

    private final AtomicInteger forwarded = new AtomicInteger();

    private GatewayFilter filter(int calls) {
        return filter(calls, Duration.ofSeconds(60));
    }

    private GatewayFilter filter(int calls, Duration renewalPeriod) {
        RateLimitByKeyGatewayFilterFactory.Config config = new RateLimitByKeyGatewayFilterFactory.Config();
        config.setRouteId("backend-api");
        config.setCalls(calls);
        config.setRenewalPeriod(renewalPeriod);
        return factory.apply(config);
    }

    private MockServerWebExchange call(GatewayFilter filter, String appId) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/backend/x"));
        if (appId != null) {
            exchange.getAttributes().put(Callers.ATTRIBUTE, new EntraCaller("tid", appId, "oid", List.of(), "2.0"));
        }
        filter.filter(exchange, ex -> {
            forwarded.incrementAndGet();
            return Mono.empty();
        }).block();
        return exchange;
    }

    @Test
    void filterWhenCallsExceededThen429WithRetryAfterAndApimBody() {
        GatewayFilter filter = filter(2);

        call(filter, "app-a");
        call(filter, "app-a");
        MockServerWebExchange third = call(filter, "app-a");

        assertThat(forwarded).hasValue(2);
        assertThat(third.getResponse().getStatusCode().value()).isEqualTo(429);
        long retryAfter = Long.parseLong(third.getResponse().getHeaders().getFirst("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(third.getResponse().getBodyAsString().block())
            .isEqualTo("{\"statusCode\":429,\"message\":\"Rate limit is exceeded. Try again in " + retryAfter + " seconds.\"}");
    }

    @Test
    void filterWhenAnotherAppCallsThenItHasItsOwnCounter() {
        GatewayFilter filter = filter(1);

        call(filter, "app-a");
        MockServerWebExchange other = call(filter, "app-b");

        assertThat(forwarded).hasValue(2);
        assertThat(other.getResponse().getHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void filterWhenNoValidatedCallerThen403() {
        MockServerWebExchange exchange = call(filter(5), null);

        assertThat(forwarded).hasValue(0);
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void applyWhenCallsZeroThenFails() {
        assertThatIllegalArgumentException().isThrownBy(() -> filter(0)).withMessageContaining("calls");
    }

    @Test
    void applyWhenRenewalPeriodLongerThan300sThenFailsAsInApim() {
        assertThat(filter(1, Duration.ofSeconds(300))).isNotNull();
        assertThatIllegalArgumentException().isThrownBy(() -> filter(1, Duration.ofSeconds(301)))
            .withMessageContaining("renewal-period must be at most 300 s");
        assertThatIllegalArgumentException().isThrownBy(() -> filter(1, Duration.ofHours(1)))
            .withMessageContaining("renewal-period");
    }

    @Test
    void retryAfterWhenPartialSecondThenRoundsUp() {
        assertThat(CallerRateLimiter.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(CallerRateLimiter.retryAfterSeconds(1_500_000_000L)).isEqualTo(2);
        assertThat(CallerRateLimiter.retryAfterSeconds(0)).isEqualTo(1);
    }
}
