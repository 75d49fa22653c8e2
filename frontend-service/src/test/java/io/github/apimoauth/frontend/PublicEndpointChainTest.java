package io.github.apimoauth.frontend;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * The frontend as infra/ puts it on the internet: the summary trace, one trusted proxy in front (the Container Apps
 * ingress, at {@link #INGRESS}; see {@link ChainIntegrationTest#from}), and a per-address limit small enough to reach, whose bucket never refills during a
 * test. One annotation so every class using it shares one Spring context; each test calls from addresses of its own.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = { "frontend.trace.detail=summary", "frontend.rate-limit.trusted-proxies=1",
        "frontend.rate-limit.requests-per-period=" + PublicEndpointChainTest.REQUESTS_PER_PERIOD,
        "frontend.rate-limit.period=1h", "frontend.key-vault.refresh-interval=10m",
        "frontend.readiness.warm-up-retry-interval=200ms" })
@AutoConfigureMockMvc
public @interface PublicEndpointChainTest {

    int REQUESTS_PER_PERIOD = 5;

    /** The connection's peer of every call that came through the ingress. */
    String INGRESS = "100.100.0.7";
}
