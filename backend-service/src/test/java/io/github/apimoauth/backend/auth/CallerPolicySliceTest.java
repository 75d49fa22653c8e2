package io.github.apimoauth.backend.auth;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.apimoauth.azure.appconfig.PolicyStatus;
import io.github.apimoauth.azure.appconfig.PolicyStore;
import io.github.apimoauth.backend.functionkey.FunctionKeyProperties;
import io.github.apimoauth.backend.functionkey.FunctionKeys;
import io.github.apimoauth.backend.web.DecisionLog;
import io.github.apimoauth.backend.web.JsonResponses;
import io.github.apimoauth.backend.web.TraceIds;
import io.github.apimoauth.entra.policy.CallerPolicy;
import io.github.apimoauth.entra.policy.CallerPolicyDocument;
import io.github.apimoauth.entra.policy.MalformedPolicyException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.startsWith;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The caller policy at the backend with a fixed policy, as the store would hand it over; tokens from jwt(). */
@WebMvcTest
@Import({ SecurityConfiguration.class, JsonResponses.class, DecisionLog.class, TraceIds.class, CallerPolicySliceTest.SwappedPolicy.class })
@EnableConfigurationProperties({ EasyAuthProperties.class, FunctionKeyProperties.class })
@TestPropertySource(properties = { "backend.auth.allowed-tenants=" + CallerPolicySliceTest.TENANT,
        "backend.auth.allowed-applications=" + CallerPolicySliceTest.APP, "backend.auth.allowed-principals=" + CallerPolicySliceTest.OID })
@ActiveProfiles("local")
class CallerPolicySliceTest {

    static final String TENANT = "11111111-1111-1111-1111-111111111111";

    static final String APP = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa";

    static final String OID = "0000000a-0000-0000-0000-00000000000a";

    private static final String OTHER_APP = "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb";

    private static final String PREFIX = "apim-oauth:policy:";

    private static final String KEY = "slice-test-key";

    /** The store as the backend sees it: the policy in force, swapped by the test; null for none read yet. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SwappedPolicy implements PolicyStore {

        volatile CallerPolicy policy = CallerPolicy.EMPTY;

        @Bean
        @Primary
        PolicyStore swappedPolicyStore() {
            return this;
        }

        @Override
        public Optional<CallerPolicy> current() {
            return Optional.ofNullable(policy);
        }

        @Override
        public PolicyStatus status() {
            throw new UnsupportedOperationException("readiness only");
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    SwappedPolicy store;

    @MockitoBean
    FunctionKeys functionKeys;

    @MockitoBean
    JwtDecoder jwtDecoder;

    @BeforeEach
    void keys() {
        given(functionKeys.state()).willReturn(new FunctionKeys.State(true, null, null, List.of("v1")));
        given(functionKeys.matches(KEY)).willReturn(true);
        store.policy = CallerPolicy.EMPTY;
    }

    private static CallerPolicy policy(String version, Map<String, String> keys) throws MalformedPolicyException {
        Map<String, String> document = new HashMap<>();
        keys.forEach((key, value) -> document.put(PREFIX + key, value));
        document.put(PREFIX + "sentinel", "\"" + version + "\"");
        return CallerPolicyDocument.parse(document, PREFIX);
    }

    private static Consumer<Jwt.Builder> caller(String app, List<String> roles, String uti, Instant issuedAt) {
        return j -> j.claim("tid", TENANT).claim("azp", app).claim("oid", OID).claim("roles", roles).claim("ver", "2.0")
            .claim("uti", uti).issuedAt(issuedAt);
    }

    private static Consumer<Jwt.Builder> caller(String app, List<String> roles) {
        return caller(app, roles, "utiOfThisToken", Instant.now());
    }

    private ResultActions getAs(Consumer<Jwt.Builder> claims) throws Exception {
        return mvc.perform(get("/api/greeting").param("name", "Ada").header("x-functions-key", KEY).with(jwt().jwt(claims)));
    }

    private ResultActions postAs(Consumer<Jwt.Builder> claims) throws Exception {
        return mvc.perform(post("/api/greeting").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ada\"}")
            .header("x-functions-key", KEY).with(jwt().jwt(claims)));
    }

    private static void assertInvalidToken(ResultActions result, String message) throws Exception {
        result.andExpect(status().isUnauthorized())
            .andExpect(header().string("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\", error_description=\"" + message)))
            .andExpect(jsonPath("$.status").value(401))
            .andExpect(jsonPath("$.error").value("invalid_token"))
            .andExpect(jsonPath("$.detail").value(message));
    }

    private static void assertForbidden(ResultActions result, String message) throws Exception {
        result.andExpect(status().isForbidden())
            .andExpect(header().string("WWW-Authenticate", startsWith("Bearer error=\"insufficient_scope\"")))
            .andExpect(jsonPath("$.status").value(403))
            .andExpect(jsonPath("$.error").value("insufficient_scope"))
            .andExpect(jsonPath("$.detail").value(message));
    }

    @Test
    void getWhenTokenRevokedByUtiThen401InvalidTokenAndOtherTokensServed() throws Exception {
        store.policy = policy("7", Map.of("revoked-token:stolenUti", "{\"reason\":\"stolen\"}"));

        assertInvalidToken(getAs(caller(APP, List.of("Backend.Read"), "stolenUti", Instant.now())),
                "Token stolenUti has been revoked. Access denied.");
        getAs(caller(APP, List.of("Backend.Read"))).andExpect(status().isOk());
    }

    @Test
    void getWhenTokenIssuedBeforeTheApplicationsCutOffThen401AndLaterTokenServed() throws Exception {
        Instant cutOff = Instant.parse("2026-01-01T10:00:00Z");
        store.policy = policy("8", Map.of("tokens-issued-before:" + APP, "{\"before\":\"" + cutOff + "\"}"));

        assertInvalidToken(getAs(caller(APP, List.of("Backend.Read"), "oldToken", cutOff.minusSeconds(1))),
                "Tokens of client application " + APP + " issued before " + cutOff + " have been revoked. Access denied.");
        getAs(caller(APP, List.of("Backend.Read"), "newToken", cutOff)).andExpect(status().isOk());
    }

    @Test
    void getWhenApplicationRevokedThen403NamingIt() throws Exception {
        store.policy = policy("9", Map.of("revoked-application:" + APP, "{\"reason\":\"leaked\"}"));

        assertForbidden(getAs(caller(APP, List.of("Backend.Read"))),
                "Denied by revoked-application: Client application " + APP + " has been revoked. Access denied.");
    }

    @Test
    void getWhenPrincipalRevokedThen403NamingIt() throws Exception {
        store.policy = policy("10", Map.of("revoked-principal:" + OID, "{}"));

        assertForbidden(getAs(caller(APP, List.of("Backend.Read"))),
                "Denied by revoked-principal: Principal " + OID + " has been revoked. Access denied.");
    }

    @Test
    void callWhenRolesRestrictedThenGetServedAndPostRefusedAlthoughTheTokenHasBackendWrite() throws Exception {
        store.policy = policy("11", Map.of("role-restriction:" + APP, "{\"roles\":[\"Backend.Read\"]}"));
        Consumer<Jwt.Builder> both = caller(APP, List.of("Backend.Read", "Backend.Write"));

        getAs(both).andExpect(status().isOk());
        assertForbidden(postAs(both), "Denied by roles: POST /api/greeting requires ANY of [Backend.Write]; the token has [Backend.Read]");
    }

    @Test
    void getWhenPolicyReplacesAllowedApplicationsThenTheNewListDecides() throws Exception {
        getAs(caller(OTHER_APP, List.of("Backend.Read"))).andExpect(status().isForbidden());

        store.policy = policy("12", Map.of("backend:allowed-applications", "[\"" + OTHER_APP + "\"]"));

        getAs(caller(OTHER_APP, List.of("Backend.Read"))).andExpect(status().isOk());
        assertForbidden(getAs(caller(APP, List.of("Backend.Read"))), "Denied by allowed-applications: application " + APP + " is not allowed");
    }

    @Test
    void getWhenNoPolicyReadYetThen503NeverServed() throws Exception {
        store.policy = null;

        getAs(caller(APP, List.of("Backend.Read"))).andExpect(status().isServiceUnavailable())
            .andExpect(header().doesNotExist("WWW-Authenticate"))
            .andExpect(jsonPath("$.status").value(503))
            .andExpect(jsonPath("$.error").value("policy_unavailable"))
            .andExpect(jsonPath("$.detail").value("The caller policy is not loaded from App Configuration yet; try again shortly."));
    }

    @Test
    void getWhenNoTokenAndNoPolicyThen401AsWithoutAPolicy() throws Exception {
        store.policy = null;

        mvc.perform(get("/api/greeting").header("x-functions-key", KEY))
            .andExpect(status().isUnauthorized())
            .andExpect(header().string("WWW-Authenticate", startsWith("Bearer")))
            .andExpect(jsonPath("$.error").value("unauthorized"))
            .andExpect(jsonPath("$.detail").value("A bearer token is required."));
    }
}
