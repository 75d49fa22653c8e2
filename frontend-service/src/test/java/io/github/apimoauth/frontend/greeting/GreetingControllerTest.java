package io.github.apimoauth.frontend.greeting;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;

import io.github.apimoauth.frontend.credentials.DependencyUnavailableException;
import io.github.apimoauth.frontend.credentials.DependencyUnavailableException.Dependency;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The web layer alone: input validation and the JSON shape of every error, with the chain mocked away. */
@WebMvcTest(GreetingController.class)
class GreetingControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    GreetingService greetings;

    @Test
    void getGreetingWhenNameIsValidThenDelegatesAndReturnsAnswer() throws Exception {
        given(greetings.get("Ada Lovelace-King")).willReturn(new GreetingResponse(
                JsonNodeFactory.instance.objectNode().put("message", "Hello"), List.of()));

        mvc.perform(get("/api/greeting").param("name", "Ada Lovelace-King"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.answer.message").value("Hello"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "<script>", "Ada;DROP", "a/b", "%0d%0aSet-Cookie", "Ada\nLovelace",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
    void getGreetingWhenNameIsInvalidThen400JsonWithoutCallingTheChain(String name) throws Exception {
        String body = mvc.perform(get("/api/greeting").param("name", name))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.error").value("invalid request"))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.detail").value("name: must be 1 to 64 letters, digits, spaces, or . ' -"))
            .andReturn().getResponse().getContentAsString();

        assertThat(body).doesNotContain("Exception");
        verifyNoInteractions(greetings);
    }

    @Test
    void getGreetingWhenNameIsMissingThen400Json() throws Exception {
        mvc.perform(get("/api/greeting"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.error").value("invalid request"))
            .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("name")));
        verifyNoInteractions(greetings);
    }

    @Test
    void postGreetingWhenBodyNameIsInvalidThen400Json() throws Exception {
        mvc.perform(post("/api/greeting").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"<b>\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value("name: must be 1 to 64 letters, digits, spaces, or . ' -"));
        verifyNoInteractions(greetings);
    }

    @Test
    void postGreetingWhenBodyIsNotJsonThen400Json() throws Exception {
        String body = mvc.perform(post("/api/greeting").contentType(MediaType.APPLICATION_JSON).content("{not json"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.error").value("invalid request"))
            .andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void postGreetingWhenMediaTypeIsWrongThen415Json() throws Exception {
        mvc.perform(post("/api/greeting").contentType(MediaType.TEXT_PLAIN).content("Ada"))
            .andExpect(status().isUnsupportedMediaType())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(415));
    }

    @Test
    void getGreetingWhenKeyVaultIsUnavailableThen503NamingIt() throws Exception {
        given(greetings.get(anyString())).willThrow(new DependencyUnavailableException(Dependency.KEY_VAULT,
                "could not read the subscription key from Key Vault", new IllegalStateException("secret detail")));

        String body = mvc.perform(get("/api/greeting").param("name", "Ada"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(jsonPath("$.error").value("dependency unavailable"))
            .andExpect(jsonPath("$.status").value(503))
            .andExpect(jsonPath("$.dependency").value("key-vault"))
            .andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("secret detail");
    }

    @Test
    void postGreetingWhenSomethingUnexpectedFailsThen500WithoutStackTrace() throws Exception {
        given(greetings.post(any())).willThrow(new IllegalStateException("internal detail"));

        String body = mvc.perform(post("/api/greeting").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ada\"}"))
            .andExpect(status().isInternalServerError())
            .andExpect(jsonPath("$.error").value("internal error"))
            .andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("internal detail").doesNotContain("IllegalStateException");
    }

    @Test
    void getUnknownPathWhenCalledThen404ProblemJson() throws Exception {
        mvc.perform(get("/api/nothing-here"))
            .andExpect(status().isNotFound())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(404))
            .andExpect(jsonPath("$.title").value("Not Found"))
            .andExpect(jsonPath("$.error").value("not found"));
    }

    @Test
    void deleteGreetingWhenMethodNotSupportedThen405ProblemJsonWithAllow() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/greeting"))
            .andExpect(status().isMethodNotAllowed())
            .andExpect(header().exists("Allow"))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(405));
    }
}
