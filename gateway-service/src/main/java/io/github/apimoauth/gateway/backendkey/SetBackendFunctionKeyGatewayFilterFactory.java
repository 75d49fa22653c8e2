package io.github.apimoauth.gateway.backendkey;

import java.util.List;
import java.util.Optional;

import io.github.apimoauth.azure.metrics.DecisionMeters;
import io.github.apimoauth.entra.RefusalReason;
import io.github.apimoauth.gateway.keyvault.NamedValues;
import io.github.apimoauth.gateway.policy.ApimResponses;
import io.github.apimoauth.gateway.policy.DecisionLog;
import io.github.apimoauth.gateway.policy.ForwardedRequests;
import io.github.apimoauth.gateway.policy.PolicyMeters;
import io.github.apimoauth.gateway.policy.ProtectedHeaders;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Sets the backend's function key from a Key Vault named value, as APIM's set-header with exists-action override:
 * {@code SetBackendFunctionKey} in YAML. Whatever the client sent that a Functions or Easy Auth backend would trust
 * (its own x-functions-key, a code query parameter, X-MS-CLIENT-PRINCIPAL* and X-MS-TOKEN-* headers) is removed
 * first. Authorization goes through unchanged: the backend validates the same token again.
 */
@Component
class SetBackendFunctionKeyGatewayFilterFactory extends AbstractGatewayFilterFactory<SetBackendFunctionKeyGatewayFilterFactory.Config> {

    static final String UNAVAILABLE = "The backend is not available yet. Try again later.";

    private static final String POLICY = "set-backend-function-key";

    private final NamedValues namedValues;

    private final ProtectedHeaders protectedHeaders;

    private final PolicyMeters meters;

    SetBackendFunctionKeyGatewayFilterFactory(NamedValues namedValues, ProtectedHeaders protectedHeaders, PolicyMeters meters) {
        super(Config.class);
        this.namedValues = namedValues;
        this.protectedHeaders = protectedHeaders;
        this.meters = meters;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("secretName");
    }

    @Override
    public GatewayFilter apply(Config config) {
        config.validate();
        namedValues.register(config.getSecretName());
        protectedHeaders.protect(config.getHeaderName());
        DecisionMeters decisions = meters.decisions(POLICY);
        return (exchange, chain) -> {
            Optional<String> key = namedValues.get(config.getSecretName());
            if (key.isEmpty()) {
                decisions.denied(RefusalReason.KEY_UNAVAILABLE);
                // No key to send (not loaded yet, revoked in Key Vault, or too stale): fail closed, never forward without
                // it. The key's state change is logged once where it happens; per request only at DEBUG, so refused
                // traffic cannot flood the log.
                DecisionLog.deniedQuietly(exchange, POLICY, 503, "no usable value of secret " + config.getSecretName());
                return ApimResponses.refuse(exchange, 503, UNAVAILABLE);
            }
            decisions.allowed();
            return chain.filter(exchange.mutate().request(forBackend(exchange.getRequest(), config, key.get())).build());
        };
    }

    private static ServerHttpRequest forBackend(ServerHttpRequest request, Config config, String key) {
        ServerHttpRequest.Builder copy = request.mutate().headers(headers -> {
            List<String> spoofed = headers.headerNames().stream().filter(ProtectedHeaders::isEasyAuthHeader).toList();
            spoofed.forEach(headers::remove);
            headers.set(config.getHeaderName(), key);
        });
        return ForwardedRequests.withoutQueryParameter(request, copy, "code").build();
    }

    /** The policy's settings, bound from the route's filter args. */
    public static class Config {

        /** The Key Vault secret holding the backend's function key, read with the gateway's own identity. */
        private String secretName = "backend-function-key";

        /** The header the backend reads the key from; any client-sent value is replaced. */
        private String headerName = "x-functions-key";

        void validate() {
            if (secretName == null || secretName.isBlank()) {
                throw new IllegalArgumentException("SetBackendFunctionKey: secret-name must not be blank");
            }
            if (headerName == null || headerName.isBlank() || headerName.equalsIgnoreCase(HttpHeaders.AUTHORIZATION)) {
                throw new IllegalArgumentException("SetBackendFunctionKey: header-name must be set and must not be Authorization");
            }
        }

        public String getSecretName() {
            return secretName;
        }

        public void setSecretName(String secretName) {
            this.secretName = secretName;
        }

        public String getHeaderName() {
            return headerName;
        }

        public void setHeaderName(String headerName) {
            this.headerName = headerName;
        }
    }
}
