package io.github.apimoauth.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.ForwardPathFilter;
import org.springframework.cloud.gateway.filter.ForwardRoutingFilter;
import org.springframework.cloud.gateway.filter.WebsocketRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCResponseHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What application.yml takes off every proxied call stays off: each was measured as a cost with nothing to do for a
 * REST gateway with one kind of route (bench/README.md). A Spring Cloud Gateway upgrade that renames a switch fails here
 * rather than quietly in the benchmark.
 */
class ProxyTrimIntegrationTest extends GatewayIntegrationTest {

    @Autowired
    private ApplicationContext context;

    @Test
    void startWhenDefaultConfigurationThenNoGrpcHeaderFiltersAndNoForwardOrWebSocketRouting() {
        assertThat(context.getBeansOfType(GRPCRequestHeadersFilter.class)).isEmpty();
        assertThat(context.getBeansOfType(GRPCResponseHeadersFilter.class)).isEmpty();
        assertThat(context.getBeansOfType(WebsocketRoutingFilter.class)).isEmpty();
        assertThat(context.getBeansOfType(ForwardRoutingFilter.class)).isEmpty();
        assertThat(context.getBeansOfType(ForwardPathFilter.class)).isEmpty();
        // What must stay: hop-by-hop headers never cross the gateway.
        assertThat(context.getBeansOfType(RemoveHopByHopHeadersFilter.class)).hasSize(1);
    }
}
