package io.github.apimoauth.frontend;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * The deployed set-up (eager readiness) with test-sized timeouts. One annotation so every class using it shares one
 * Spring context. Forced reloads are not rate-limited here, so each rotation test can force its own.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = { "frontend.key-vault.refresh-interval=10m", "frontend.key-vault.min-reload-interval=0s",
        "frontend.gateway.read-timeout=1s", "frontend.readiness.warm-up-retry-interval=200ms" })
@AutoConfigureMockMvc
public @interface EagerChainTest {
}
