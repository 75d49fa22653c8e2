package io.github.apimoauth.backend.auth;

import io.github.apimoauth.backend.functionkey.FunctionKeyFilter;
import io.github.apimoauth.backend.functionkey.FunctionKeyProperties;
import io.github.apimoauth.backend.functionkey.FunctionKeys;
import io.github.apimoauth.backend.web.DecisionLog;
import io.github.apimoauth.backend.web.JsonResponses;
import io.github.apimoauth.entra.OperationRoles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Two concerns, two chains. Health is open, and only health: probes carry no token. Everything else needs a valid
 * token, allowed tenant, application and principal, the roles of the operation, and the function key.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain healthChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/actuator/health", "/actuator/health/**")
            .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
            .csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, EasyAuthProperties properties, JsonResponses responses, DecisionLog decisions,
            FunctionKeys keys, FunctionKeyProperties keyProperties) throws Exception {
        JsonAuthErrorHandlers errors = new JsonAuthErrorHandlers(responses, decisions);
        return http
            .oauth2ResourceServer(server -> server.jwt(jwt -> { }).authenticationEntryPoint(errors).accessDeniedHandler(errors))
            .exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors))
            .authorizeHttpRequests(requests -> requests.anyRequest().access(easyAuth(properties)))
            .addFilterAfter(new FunctionKeyFilter(keys, keyProperties, responses, decisions), AuthorizationFilter.class)
            // A stateless API authenticated by bearer tokens: no session, no cookie, so no CSRF to defend against.
            .csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .build();
    }

    static EasyAuthAuthorizationManager easyAuth(EasyAuthProperties p) {
        var disabled = p.getDisabledChecks();
        return new EasyAuthAuthorizationManager(
                allowlist(p.getAllowedTenants(), disabled.contains(EasyAuthProperties.Check.ALLOWED_TENANTS), "allowed-tenants",
                        "ALLOWED_TENANTS"),
                allowlist(p.getAllowedApplications(), disabled.contains(EasyAuthProperties.Check.ALLOWED_APPLICATIONS),
                        "allowed-applications", "ALLOWED_APPLICATIONS"),
                allowlist(p.getAllowedPrincipals(), disabled.contains(EasyAuthProperties.Check.ALLOWED_PRINCIPALS), "allowed-principals",
                        "ALLOWED_PRINCIPALS"),
                new OperationRoles(p.getOperations().stream()
                    .map(o -> new OperationRoles.Rule(o.getMethods(), o.getPath(), o.getRoles(), o.getMatch()))
                    .toList()));
    }

    /** Null means the check is off, which only an explicit disabled-checks entry does; an empty list is an error. */
    private static java.util.Set<String> allowlist(java.util.List<String> values, boolean disabled, String name, String variable) {
        if (disabled) {
            return null;
        }
        if (values.isEmpty()) {
            throw new IllegalStateException("backend.auth." + name + " is empty: set " + variable + ". An empty list never means "
                    + "'allow all': list the allowed values, or turn the check off explicitly with backend.auth.disabled-checks");
        }
        return EasyAuthAuthorizationManager.lowerCase(values);
    }
}
