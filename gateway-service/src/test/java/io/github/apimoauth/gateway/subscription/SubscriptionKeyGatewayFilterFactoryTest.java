package io.github.apimoauth.gateway.subscription;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.apimoauth.gateway.FakeNamedValues;
import io.github.apimoauth.gateway.policy.PolicyMeters;
import io.github.apimoauth.gateway.policy.ProtectedHeaders;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SubscriptionKeyGatewayFilterFactoryTest {

    private static final String MISSING_BODY = "{\"statusCode\":401,\"message\":\"Access denied due to missing subscription key. "
            + "Make sure to include subscription key when making requests to this API.\"}";

    private static final String INVALID_BODY = "{\"statusCode\":401,\"message\":\"Access denied due to invalid subscription key. "
            + "Make sure to provide a valid key for an active subscription.\"}";

    private final FakeNamedValues values = new FakeNamedValues().with("a-primary", "key-a-1")
        .with("a-secondary", "key-a-2")
        .with("s-primary", "key-s-1")
        .with("s-secondary", "key-s-2")
        .with("o-primary", "key-o-1")
        .with("o-secondary", "key-o-2");

    private final SubscriptionKeyGatewayFilterFactory factory = new SubscriptionKeyGatewayFilterFactory(
            new SubscriptionProperties(Map.of(
                    "active", new SubscriptionProperties.Subscription(SubscriptionProperties.State.ACTIVE, List.of("backend-api"), "a-primary", "a-secondary"),
                    "suspended", new SubscriptionProperties.Subscription(SubscriptionProperties.State.SUSPENDED, List.of("backend-api"), "s-primary", "s-secondary"),
                    "other-api", new SubscriptionProperties.Subscription(SubscriptionProperties.State.ACTIVE, List.of("orders-api"), "o-primary", "o-secondary"))),
            values, new ProtectedHeaders(), PolicyMeters.none());

    private final AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();

    private final GatewayFilterChain chain = exchange -> {
        forwarded.set(exchange);
        return Mono.empty();
    };

    private GatewayFilter filter(boolean acceptQuery) {
        SubscriptionKeyGatewayFilterFactory.Config config = new SubscriptionKeyGatewayFilterFactory.Config();
        config.setRouteId("backend-api");
        config.setAcceptQueryParameter(acceptQuery);
        return factory.apply(config);
    }

    private MockServerWebExchange run(MockServerHttpRequest.BaseBuilder<?> request, boolean acceptQuery) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        filter(acceptQuery).filter(exchange, chain).block();
        return exchange;
    }

    @Test
    void filterWhenHeaderHoldsPrimaryKeyThenForwardsWithoutKey() {
        run(MockServerHttpRequest.get("/backend/items").header("Ocp-Apim-Subscription-Key", "key-a-1"), true);

        assertThat(forwarded.get()).isNotNull();
        assertThat(forwarded.get().getRequest().getHeaders().containsHeader("Ocp-Apim-Subscription-Key")).isFalse();
    }

    @Test
    void filterWhenQueryHoldsSecondaryKeyThenForwardsWithoutQueryParameter() {
        run(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/backend/items?a=1&subscription-key=key-a-2&b=x%20y")), true);

        assertThat(forwarded.get()).isNotNull();
        assertThat(forwarded.get().getRequest().getURI().getRawQuery()).isEqualTo("a=1&b=x%20y");
    }

    @Test
    void filterWhenQueryParameterNameIsPercentEncodedThenKeyAcceptedAndNotForwarded() {
        run(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/backend/items?a=1&subscription%2Dkey=key-a-2&b=x%20y")), true);

        assertThat(forwarded.get()).isNotNull();
        assertThat(forwarded.get().getRequest().getURI().getRawQuery()).isEqualTo("a=1&b=x%20y");
    }

    @Test
    void filterWhenQueryNamesKeyInAnotherCaseOrEncodingBesideHeaderKeyThenNoneIsForwarded() {
        run(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/backend/items?Subscription-Key=x&SUBSCRIPTION%2dKEY=y"
                + "&subscription-key&%73ubscription-key=z&subscription-keys=kept#frag"))
            .header("Ocp-Apim-Subscription-Key", "key-a-1"), false);

        assertThat(forwarded.get()).isNotNull();
        assertThat(forwarded.get().getRequest().getURI().getRawQuery()).isEqualTo("subscription-keys=kept");
        assertThat(forwarded.get().getRequest().getURI().getRawFragment()).isEqualTo("frag");
    }

    @Test
    void filterWhenLastQueryParameterIsTheKeyThenForwardedWithoutQuery() {
        run(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/backend/items?subscription-key=key-a-1")), true);

        assertThat(forwarded.get().getRequest().getURI().getRawQuery()).isNull();
        assertThat(forwarded.get().getRequest().getURI().toString()).isEqualTo("/backend/items");
    }

    @Test
    void filterWhenNoKeyThen401MissingBody() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/backend/items"), true);

        assertRefused(exchange, MISSING_BODY);
    }

    @Test
    void filterWhenQueryKeyButQueryNotAcceptedThen401MissingBody() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/backend/items?subscription-key=key-a-1"), false);

        assertRefused(exchange, MISSING_BODY);
    }

    @Test
    void filterWhenHeaderAndQueryBothPresentThenHeaderWins() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/backend/items?subscription-key=key-a-1")
            .header("Ocp-Apim-Subscription-Key", "wrong"), true);

        assertRefused(exchange, INVALID_BODY);
    }

    @Test
    void filterWhenKeyUnknownThen401InvalidBodyWithoutKey() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/backend/items").header("Ocp-Apim-Subscription-Key", "nope-123"), true);

        assertRefused(exchange, INVALID_BODY);
        assertThat(exchange.getResponse().getBodyAsString().block()).doesNotContain("nope-123");
        assertThat(values.earlyRefreshes).hasValue(1);
    }

    @Test
    void filterWhenSubscriptionSuspendedThen401InvalidBody() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/backend/items").header("Ocp-Apim-Subscription-Key", "key-s-2"), true);

        assertRefused(exchange, INVALID_BODY);
        assertThat(values.earlyRefreshes).hasValue(0);
    }

    @Test
    void filterWhenSubscriptionScopedToAnotherApiThen401InvalidBody() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/backend/items").header("Ocp-Apim-Subscription-Key", "key-o-1"), true);

        assertRefused(exchange, INVALID_BODY);
    }

    @Test
    void filterWhenKeyRotatedInVaultThenEarlyRefreshAcceptsNewKey() {
        values.rotateInVault("a-primary", "key-a-rotated");

        run(MockServerHttpRequest.get("/backend/items").header("Ocp-Apim-Subscription-Key", "key-a-rotated"), true);

        assertThat(forwarded.get()).isNotNull();
        assertThat(values.earlyRefreshes).hasValue(1);
    }

    @Test
    void filterWhenAcceptedKeyIsRotatedAwayThenItIsRefusedAndTheNewKeyAccepted() {
        run(MockServerHttpRequest.get("/backend/items").header("Ocp-Apim-Subscription-Key", "key-a-1"), true);
        assertThat(forwarded.getAndSet(null)).isNotNull();
        values.rotateInVault("a-primary", "key-a-rotated");
        values.refreshEarly().block();

        MockServerWebExchange old = run(MockServerHttpRequest.get("/backend/items").header("Ocp-Apim-Subscription-Key", "key-a-1"), true);
        assertRefused(old, INVALID_BODY);
        run(MockServerHttpRequest.get("/backend/items").header("Ocp-Apim-Subscription-Key", "key-a-rotated"), true);
        assertThat(forwarded.get()).isNotNull();
    }

    @Test
    void applyWhenHeaderNameBlankThenFailsWithSettingName() {
        SubscriptionKeyGatewayFilterFactory.Config config = new SubscriptionKeyGatewayFilterFactory.Config();
        config.setHeaderName(" ");

        assertThatIllegalArgumentException().isThrownBy(() -> factory.apply(config)).withMessageContaining("header-name");
    }

    private void assertRefused(MockServerWebExchange exchange, String body) {
        assertThat(forwarded.get()).isNull();
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(401);
        assertThat(exchange.getResponse().getHeaders().getContentType().toString()).startsWith("application/json");
        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo(body);
    }
}
