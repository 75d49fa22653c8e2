package io.github.apimoauth.backend.auth;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.github.apimoauth.backend.functionkey.FunctionKeyProperties;
import io.github.apimoauth.backend.functionkey.FunctionKeys;
import io.github.apimoauth.backend.web.DecisionLog;
import io.github.apimoauth.backend.web.JsonResponses;
import io.github.apimoauth.backend.web.TraceIds;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The Easy Auth-style rules and roles per operation, with tokens from the jwt() post-processor. */
@WebMvcTest
@Import({ SecurityConfiguration.class, JsonResponses.class, DecisionLog.class, TraceIds.class })
@EnableConfigurationProperties({ EasyAuthProperties.class, FunctionKeyProperties.class })
@TestPropertySource(properties = { "backend.auth.allowed-tenants=tenant-a", "backend.auth.allowed-applications=app-a",
        "backend.auth.allowed-principals=oid-a" })
@ActiveProfiles("local")
class EasyAuthSliceTest {

    private static final String KEY = "slice-test-key";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    FunctionKeys functionKeys;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @BeforeEach
    void keys() {
        given(functionKeys.state()).willReturn(new FunctionKeys.State(true, null, null, List.of("v1")));
        given(functionKeys.matches(KEY)).willReturn(true);
    }

    private static Consumer<Jwt.Builder> caller(String tid, String appClaim, String app, String oid, List<String> roles) {
        return j -> j.claim("tid", tid).claim(appClaim, app).claim("oid", oid).claim("roles", roles).claim("ver", "2.0");
    }

    private ResultActions getAs(Consumer<Jwt.Builder> claims) throws Exception {
        return mvc.perform(get("/api/greeting").param("name", "Ada").header("x-functions-key", KEY).with(jwt().jwt(claims)));
    }

    private static void assertForbidden(ResultActions result, String check) throws Exception {
        result.andExpect(status().isForbidden())
            .andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer error=\"insufficient_scope\"")))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(403))
            .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(check)));
    }

    @Test
    void getWhenAllowedCallerHoldsReadRoleThen200() throws Exception {
        getAs(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Read"))).andExpect(status().isOk())
            .andExpect(jsonPath("$.caller.appId").value("app-a"))
            .andExpect(jsonPath("$.message").value("Hello, Ada!"));
    }

    @Test
    void getWhenV1TokenCarriesAppidThenAppIdIsRead() throws Exception {
        getAs(caller("tenant-a", "appid", "app-a", "oid-a", List.of("Backend.Read"))).andExpect(status().isOk())
            .andExpect(jsonPath("$.caller.appId").value("app-a"));
    }

    @Test
    void getWhenTenantNotAllowedThen403() throws Exception {
        assertForbidden(getAs(caller("tenant-b", "azp", "app-a", "oid-a", List.of("Backend.Read"))), "allowed-tenants");
    }

    @Test
    void getWhenApplicationNotAllowedThen403() throws Exception {
        assertForbidden(getAs(caller("tenant-a", "azp", "app-b", "oid-a", List.of("Backend.Read"))), "allowed-applications");
    }

    @Test
    void getWhenNoApplicationClaimThen403() throws Exception {
        assertForbidden(getAs(j -> j.claim("tid", "tenant-a").claim("oid", "oid-a").claim("roles", List.of("Backend.Read"))),
                "allowed-applications");
    }

    @Test
    void getWhenPrincipalNotAllowedThen403() throws Exception {
        assertForbidden(getAs(caller("tenant-a", "azp", "app-a", "oid-b", List.of("Backend.Read"))), "allowed-principals");
    }

    @Test
    void getWhenRoleMissingThen403() throws Exception {
        assertForbidden(getAs(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Other.Role"))), "roles");
    }

    @Test
    void postWhenOnlyReadRoleThen403AndWithWriteRoleThen200() throws Exception {
        var read = caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Read"));
        var write = caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Write"));

        assertForbidden(mvc.perform(post("/api/greeting").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ada\"}")
            .header("x-functions-key", KEY).with(jwt().jwt(read))), "Backend.Write");
        mvc.perform(post("/api/greeting").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ada\"}")
            .header("x-functions-key", KEY).with(jwt().jwt(write))).andExpect(status().isOk());
    }

    @Test
    void deleteWhenNoOperationRuleCoversItThen403() throws Exception {
        assertForbidden(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/other")
            .header("x-functions-key", KEY).with(jwt().jwt(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Read"))))), "no operation rule");
    }

    @Test
    void getWhenPathUnknownThen404ProblemJson() throws Exception {
        mvc.perform(get("/api/unknown").header("x-functions-key", KEY)
            .with(jwt().jwt(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Read")))))
            .andExpect(status().isNotFound())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(404))
            .andExpect(jsonPath("$.title").value("Not Found"))
            .andExpect(jsonPath("$.error").value("not_found"))
            .andExpect(jsonPath("$.detail").value("No such endpoint."))
            .andExpect(jsonPath("$.traceId").exists());
    }

    @Test
    void putWhenMethodNotMappedThen405ProblemJsonWithAllow() throws Exception {
        mvc.perform(put("/api/greeting").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ada\"}")
            .header("x-functions-key", KEY).with(jwt().jwt(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Write")))))
            .andExpect(status().isMethodNotAllowed())
            .andExpect(header().exists("Allow"))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.error").value("method_not_allowed"));
    }

    @Test
    void postWhenBodyIsNotJsonThen415ProblemJson() throws Exception {
        mvc.perform(post("/api/greeting").contentType(MediaType.TEXT_PLAIN).content("Ada")
            .header("x-functions-key", KEY).with(jwt().jwt(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Write")))))
            .andExpect(status().isUnsupportedMediaType())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.error").value("unsupported_media_type"));
    }

    @Test
    void getWhenNoTokenThen401BearerChallenge() throws Exception {
        mvc.perform(get("/api/greeting").header("x-functions-key", KEY))
            .andExpect(status().isUnauthorized())
            .andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer")))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.title").value("Unauthorized"))
            .andExpect(jsonPath("$.detail").value("A bearer token is required."))
            .andExpect(jsonPath("$.error").value("unauthorized"));
    }

    @Test
    void getWhenNameInvalidThen400Json() throws Exception {
        getAs(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Read")));
        mvc.perform(get("/api/greeting").param("name", "<script>").header("x-functions-key", KEY)
            .with(jwt().jwt(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Read")))))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.error").value("invalid_request"));
        mvc.perform(post("/api/greeting").contentType(MediaType.APPLICATION_JSON).content("{not json").header("x-functions-key", KEY)
            .with(jwt().jwt(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Write")))))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.error").value("invalid_request"));
    }

    @Test
    void getWhenFunctionKeyWrongThen401FunctionKeyChallenge() throws Exception {
        mvc.perform(get("/api/greeting").header("x-functions-key", "wrong")
            .with(jwt().jwt(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Read")))))
            .andExpect(status().isUnauthorized())
            .andExpect(header().string("WWW-Authenticate", "FunctionKey header=\"x-functions-key\""))
            .andExpect(jsonPath("$.error").value("invalid_function_key"));
    }

    @Test
    void getWhenFunctionKeyNeverLoadedThen503NotAPass() throws Exception {
        given(functionKeys.state()).willReturn(new FunctionKeys.State(false, null, "down", List.of()));

        getAs(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Read"))).andExpect(status().isServiceUnavailable())
            .andExpect(jsonPath("$.error").value("key_unavailable"));
    }

    @Test
    void getWhenValidKeyOnlyInCodeQueryParameterThen401ByDefault() throws Exception {
        mvc.perform(get("/api/greeting").param("name", "Ada").param("code", KEY)
            .with(jwt().jwt(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Read")))))
            .andExpect(status().isUnauthorized())
            .andExpect(header().string("WWW-Authenticate", "FunctionKey header=\"x-functions-key\""))
            .andExpect(jsonPath("$.error").value("invalid_function_key"))
            .andExpect(jsonPath("$.detail").value("A function key is required in the x-functions-key header."));
    }

    @Test
    void getWhenAuthorizationHeaderHoldsAControlCharacterThen400ProblemFromTheFirewall() throws Exception {
        mvc.perform(get("/api/greeting").header("Authorization", "Bearer abc\u0001def").header("x-functions-key", KEY))
            .andExpect(status().isBadRequest())
            .andExpect(header().doesNotExist("WWW-Authenticate"))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.error").value("bad_request"))
            .andExpect(jsonPath("$.detail").value("The request was rejected: it is not a valid HTTP request."));
    }

    @Test
    void getWhenFunctionKeyHeaderHoldsAControlCharacterThen400EvenForAnAllowedCaller() throws Exception {
        mvc.perform(get("/api/greeting").param("name", "Ada").header("x-functions-key", KEY + "\u007f")
                .with(jwt().jwt(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Read")))))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.error").value("bad_request"));
    }

    /** Azure Functions' code parameter, for an operator who turns it on explicitly. */
    @Nested
    @TestPropertySource(properties = "backend.function-key.accept-query-parameter=true")
    class WhenQueryParameterAccepted {

        @Test
        void getWhenValidKeyOnlyInCodeQueryParameterThen200() throws Exception {
            mvc.perform(get("/api/greeting").param("name", "Ada").param("code", KEY)
                .with(jwt().jwt(caller("tenant-a", "azp", "app-a", "oid-a", List.of("Backend.Read")))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("Hello, Ada!"));
        }
    }
}
