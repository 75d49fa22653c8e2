package io.github.apimoauth.frontend;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;

import io.github.apimoauth.emulator.junit.AzureEmulator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the integration tests: the frontend in a Spring context wired to the in-process emulator and the WireMock
 * gateway of {@link TestChain}, called through MockMvc; the outbound calls are real HTTP.
 */
public abstract class ChainIntegrationTest {

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) {
        TestChain.register(registry);
    }

    @Autowired
    protected MockMvc mvc;

    protected final AzureEmulator emulator = TestChain.emulator();

    protected final WireMockServer gateway = TestChain.gateway();

    @BeforeEach
    void resetGateway() {
        gateway.resetAll();
    }

    protected static MockHttpServletRequestBuilder mvcGet(String uri) {
        return MockMvcRequestBuilders.get(uri);
    }

    protected static MockHttpServletRequestBuilder mvcPost(String uri) {
        return MockMvcRequestBuilders.post(uri);
    }

    /**
     * A call whose connection comes from {@code peer}, carrying {@code forwardedFor} (if any) as its X-Forwarded-For
     * header lines, in order.
     */
    protected static RequestPostProcessor from(String peer, String... forwardedFor) {
        return request -> {
            request.setRemoteAddr(peer);
            for (String line : forwardedFor) {
                request.addHeader("X-Forwarded-For", line);
            }
            return request;
        };
    }

    /** The token the frontend sent, as the gateway received it. */
    protected static String bearer(LoggedRequest request) {
        return request.getHeader("Authorization").substring("Bearer ".length());
    }

    protected static Set<String> headerNames(LoggedRequest request) {
        return request.getAllHeaderKeys().stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** A JWT's payload, decoded without validation. */
    protected static String payload(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    /** Neither the token nor the current key (nor any extra secret) is in the response body. */
    protected static void assertNoCredential(MvcResult result, String token, String... moreSecrets) throws Exception {
        String body = result.getResponse().getContentAsString();
        assertThat(body).doesNotContain(token).doesNotContain(TestChain.emulator().secretValue(TestChain.SECRET));
        for (String secret : moreSecrets) {
            assertThat(body).doesNotContain(secret);
        }
    }
}
