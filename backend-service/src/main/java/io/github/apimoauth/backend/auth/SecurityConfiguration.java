package io.github.apimoauth.backend.auth;

import java.util.List;

import io.github.apimoauth.azure.appconfig.CallerPolicyConfiguration;
import io.github.apimoauth.azure.appconfig.PolicyStore;
import io.github.apimoauth.backend.functionkey.FunctionKeyFilter;
import io.github.apimoauth.backend.functionkey.FunctionKeyProperties;
import io.github.apimoauth.backend.functionkey.FunctionKeys;
import io.github.apimoauth.backend.web.DecisionLog;
import io.github.apimoauth.backend.web.JsonResponses;
import io.github.apimoauth.entra.AccessRules;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Two concerns, two chains. The probes and the management port are open, and only they: probes carry no token. Everything else needs a valid
 * token not revoked by the caller policy, allowed tenant, application and principal, the roles of the operation, and
 * the function key. The caller policy comes from App Configuration when azure.app-configuration.endpoint is set;
 * without it the embedded empty policy leaves the configured lists to decide alone.
 */
@Configuration(proxyBeanMethods = false)
@Import({ CallerPolicyConfiguration.class, FirewallConfiguration.class })
class SecurityConfiguration {

    /**
     * The actuator, on the management port only (EndpointRequest matches there when the port is separate), and the
     * probes' /livez and /readyz on the API port. Container Apps' ingress never reaches the management port.
     */
    @Bean
    @Order(1)
    SecurityFilterChain healthChain(HttpSecurity http) throws Exception {
        return http.securityMatcher(new OrRequestMatcher(EndpointRequest.toAnyEndpoint(),
                EndpointRequest.toAdditionalPaths(WebServerNamespace.SERVER, HealthEndpoint.class)))
            .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
            .csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, EasyAuthProperties properties, JsonResponses responses, DecisionLog decisions,
            FunctionKeys keys, FunctionKeyProperties keyProperties, PolicyStore policies) throws Exception {
        JsonAuthErrorHandlers errors = new JsonAuthErrorHandlers(responses, decisions);
        return http
            .oauth2ResourceServer(server -> server.jwt(jwt -> { }).authenticationEntryPoint(errors).accessDeniedHandler(errors))
            .exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors))
            // Once the token is validated and the request wrapped (the 403 challenge reads its principal), before any rule.
            .addFilterBefore(new CallerPolicyFilter(policies, errors, responses, decisions), AuthorizationFilter.class)
            .authorizeHttpRequests(requests -> requests.anyRequest().access(easyAuth(properties, policies)))
            .addFilterAfter(new FunctionKeyFilter(keys, keyProperties, responses, decisions), AuthorizationFilter.class)
            // A stateless API authenticated by bearer tokens: no session, no cookie, so no CSRF to defend against.
            .csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .build();
    }

    /**
     * The shared access rules with the backend's lists: each allowlist on unless disabled-checks names it; the caller
     * policy's lists replace them at run time.
     */
    static EasyAuthAuthorizationManager easyAuth(EasyAuthProperties p, PolicyStore policies) {
        var disabled = p.getDisabledChecks();
        AccessRules.Builder rules = AccessRules.builder();
        if (!disabled.contains(EasyAuthProperties.Check.ALLOWED_TENANTS)) {
            rules.allowedTenants(required(p.getAllowedTenants(), "allowed-tenants", "ALLOWED_TENANTS"));
        }
        if (!disabled.contains(EasyAuthProperties.Check.ALLOWED_APPLICATIONS)) {
            rules.allowedApplications(required(p.getAllowedApplications(), "allowed-applications", "ALLOWED_APPLICATIONS"));
        }
        if (!disabled.contains(EasyAuthProperties.Check.ALLOWED_PRINCIPALS)) {
            rules.allowedPrincipals(required(p.getAllowedPrincipals(), "allowed-principals", "ALLOWED_PRINCIPALS"));
        }
        return new EasyAuthAuthorizationManager(rules.operations(p.getOperations()).build(), policies);
    }

    /** Only an explicit disabled-checks entry turns a check off; an empty list is an error naming its variable. */
    private static List<String> required(List<String> values, String name, String variable) {
        if (values.isEmpty()) {
            throw new IllegalStateException("backend.auth." + name + " is empty: set " + variable + ". An empty list never means "
                    + "'allow all': list the allowed values, or turn the check off explicitly with backend.auth.disabled-checks");
        }
        return values;
    }
}
