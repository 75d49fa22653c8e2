package io.github.apimoauth.frontend;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * The deployed set-up (eager readiness) with test-sized timeouts and the local profile's full trace. One annotation so
 * every class using it shares one Spring context. Forced reloads are not rate-limited here, so each rotation test can
 * force its own; nor, in effect, are the tests' own calls, which all come from one address (see
 * {@link PublicEndpointChainTest} for the limit).
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = { "frontend.key-vault.refresh-interval=10m", "frontend.key-vault.min-reload-interval=0s",
        "frontend.gateway.read-timeout=1s", "frontend.readiness.warm-up-retry-interval=200ms",
        "frontend.trace.detail=full", "frontend.rate-limit.requests-per-period=1000000" })
@AutoConfigureMockMvc
public @interface EagerChainTest {
}
