package io.github.apimoauth.gateway.entra;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.github.apimoauth.azure.Fingerprint;
import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.entra.SigningKeyNotFoundException;
import io.github.apimoauth.gateway.policy.ApimResponses;
import io.github.apimoauth.gateway.policy.Callers;
import io.github.apimoauth.gateway.policy.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.server.ServerWebExchange;

/**
 * One route's validate-azure-ad-token: read the token, validate it (401 with invalid_token), then check client app,
 * claims and roles (403 with insufficient_scope, or the configured code). The caller is parsed from the token once,
 * and goes on to the rate limit through an exchange attribute.
 */
final class AzureAdTokenPolicy implements GatewayFilter {

    private static final Logger log = LoggerFactory.getLogger(AzureAdTokenPolicy.class);

    private static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";

    private static final String INSUFFICIENT_SCOPE = "Bearer error=\"insufficient_scope\"";

    /** The outcome of validation, kept apart from the rest of the chain so its errors are never caught here. */
    private record Validated(Jwt jwt, Throwable failure) {
    }

    private final ValidateAzureAdTokenConfig config;

    private final ReactiveJwtDecoder decoder;

    private final CallerChecks checks;

    private final SigningKeyFailures keyFailures;

    AzureAdTokenPolicy(ValidateAzureAdTokenConfig config, ReactiveJwtDecoder decoder) {
        this.config = config;
        this.decoder = decoder;
        this.checks = new CallerChecks(config);
        this.keyFailures = new SigningKeyFailures(config.getTenantId());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Optional<String> token = token(exchange.getRequest());
        if (token.isEmpty()) {
            return refuse(exchange, config.getFailedValidationHttpcode(), "Bearer", "JWT not present.", "no token", null);
        }
        return decoder.decode(token.get())
            .map(jwt -> new Validated(jwt, null))
            .onErrorResume(ex -> Mono.just(new Validated(null, ex)))
            .flatMap(v -> {
                if (v.jwt() == null) {
                    return refuseInvalid(exchange, v.failure(), token.get());
                }
                // Parsed once here; the checks and the policies after this one (rate limit) share it.
                EntraCaller caller = EntraCaller.from(v.jwt());
                ServerHttpRequest request = exchange.getRequest();
                Optional<CallerChecks.Refusal> refusal = checks.check(v.jwt(), caller, request.getMethod(),
                        request.getPath().pathWithinApplication().value());
                if (refusal.isPresent()) {
                    int status = config.getFailedAuthorizationHttpcode();
                    return refuse(exchange, status, status == 401 ? INVALID_TOKEN : INSUFFICIENT_SCOPE, refusal.get().message(),
                            refusal.get().reason(), token.get());
                }
                exchange.getAttributes().put(Callers.ATTRIBUTE, caller);
                return chain.filter(exchange);
            });
    }

    /** The Authorization header needs the Bearer scheme; a custom header (as in APIM) carries the bare token. */
    private Optional<String> token(ServerHttpRequest request) {
        List<String> values = request.getHeaders().getOrEmpty(config.getHeaderName());
        if (values.size() != 1 || values.get(0).isBlank()) {
            return Optional.empty();
        }
        String value = values.get(0).trim();
        if (!HttpHeaders.AUTHORIZATION.equalsIgnoreCase(config.getHeaderName())) {
            return Optional.of(value);
        }
        if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            String bare = value.substring(7).trim();
            return bare.isEmpty() ? Optional.empty() : Optional.of(bare);
        }
        return Optional.empty();
    }

    /** A token that failed validation; one whose key could not be found counts towards a periodic WARN instead. */
    private Mono<Void> refuseInvalid(ServerWebExchange exchange, Throwable failure, String token) {
        Optional<SigningKeyNotFoundException> keyFailure = SigningKeyFailures.of(failure);
        if (keyFailure.isEmpty()) {
            return refuse(exchange, config.getFailedValidationHttpcode(), INVALID_TOKEN, "Invalid JWT.", describe(failure),
                    token);
        }
        keyFailures.refused(keyFailure.get(), RequestIds.of(exchange));
        return respond(exchange, config.getFailedValidationHttpcode(), INVALID_TOKEN,
                SigningKeyFailures.message(keyFailure.get()));
    }

    private Mono<Void> refuse(ServerWebExchange exchange, int status, String challenge, String message, String reason,
            String token) {
        log.info("ValidateAzureAdToken refused request {} with {}: {} (token {})", RequestIds.of(exchange), status, reason,
                Fingerprint.of(token));
        return respond(exchange, status, challenge, message);
    }

    private Mono<Void> respond(ServerWebExchange exchange, int status, String challenge, String message) {
        String body = config.getFailedValidationErrorMessage() == null || config.getFailedValidationErrorMessage().isBlank()
                ? message : config.getFailedValidationErrorMessage();
        return ApimResponses.refuse(exchange, status, body, Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge));
    }

    /** Why validation failed, for the log: the validators' own descriptions, else only the kind of failure. */
    private static String describe(Throwable ex) {
        if (ex instanceof JwtValidationException invalid) {
            return String.join("; ", invalid.getErrors().stream().map(e -> String.valueOf(e.getDescription())).toList());
        }
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "undecodable or unverifiable token (" + root.getClass().getSimpleName() + ")";
    }
}
