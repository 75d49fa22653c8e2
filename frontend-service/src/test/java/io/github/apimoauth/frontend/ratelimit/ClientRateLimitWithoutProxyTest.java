package io.github.apimoauth.frontend.ratelimit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With no trusted proxy (local runs, compose) the connection's peer is the client, whatever X-Forwarded-For says: a
 * client that writes a new address into it on every call still spends one bucket.
 */
@WebMvcTest(controllers = ClientRateLimitWithoutProxyTest.Hello.class,
        properties = { "frontend.rate-limit.trusted-proxies=0", "frontend.rate-limit.requests-per-period=2",
                "frontend.rate-limit.period=1h", "frontend.rate-limit.max-addresses=100" })
@Import({ RateLimitConfiguration.class, ClientRateLimitWithoutProxyTest.Hello.class })
class ClientRateLimitWithoutProxyTest {

    /** Anything behind the filter will do. */
    @RestController
    static class Hello {

        @GetMapping("/hello")
        String hello() {
            return "hello";
        }
    }

    @Autowired
    MockMvc mvc;

    private static RequestPostProcessor from(String peer, String forwardedFor) {
        return request -> {
            request.setRemoteAddr(peer);
            request.addHeader("X-Forwarded-For", forwardedFor);
            return request;
        };
    }

    @Test
    void getWhenForwardedForChangesOnEveryCallFromOnePeerThenOneBucketAndRefused() throws Exception {
        mvc.perform(get("/hello").with(from("192.0.2.1", "198.51.100.1"))).andExpect(status().isOk());
        mvc.perform(get("/hello").with(from("192.0.2.1", "198.51.100.2"))).andExpect(status().isOk());

        mvc.perform(get("/hello").with(from("192.0.2.1", "198.51.100.3")))
            .andExpect(status().isTooManyRequests())
            .andExpect(jsonPath("$.status").value(429))
            .andExpect(jsonPath("$.title").value("Too Many Requests"));
    }

    @Test
    void getWhenAnotherPeerCallsThenItHasABucketOfItsOwn() throws Exception {
        mvc.perform(get("/hello").with(from("192.0.2.2", "198.51.100.9"))).andExpect(status().isOk());
        mvc.perform(get("/hello").with(from("192.0.2.2", "198.51.100.9"))).andExpect(status().isOk());
        mvc.perform(get("/hello").with(from("192.0.2.2", "198.51.100.9"))).andExpect(status().isTooManyRequests());

        mvc.perform(get("/hello").with(from("192.0.2.3", "198.51.100.9"))).andExpect(status().isOk());
    }
}
