package io.github.apimoauth.gateway.entra;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.github.apimoauth.azure.Fingerprint;
import io.github.apimoauth.azure.appconfig.PolicyStore;
import io.github.apimoauth.azure.metrics.DecisionMeters;
import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.entra.RefusalReason;
import io.github.apimoauth.entra.SigningKeyNotFoundException;
import io.github.apimoauth.entra.policy.CallerPolicy;
import io.github.apimoauth.entra.policy.PolicyDecision;
import io.github.apimoauth.gateway.policy.ApimResponses;
import io.github.apimoauth.gateway.policy.Callers;
import io.github.apimoauth.gateway.policy.DecisionLog;
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
 * One route's validate-azure-ad-token: read the token, validate it (401 with invalid_token), ask the caller policy in
 * force (a revoked token: 401 invalid_token; a revoked application or principal: 403), then check client app, claims
 * and roles (403 with insufficient_scope, or the configured code), the roles narrowed to those the policy allows the
 * caller. The caller is parsed from the token once, and goes on to the rate limit through an exchange attribute.
 * Every refusal after the policy was asked logs the policy version that decided.
 */
final class AzureAdTokenPolicy implements GatewayFilter {

    /** The policy's name in the decision lines, as in APIM's XML. */
    static final String POLICY = "validate-azure-ad-token";

    private static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";

    private static final String INSUFFICIENT_SCOPE = "Bearer error=\"insufficient_scope\"";

    static final String POLICY_UNAVAILABLE = "The caller policy is not available yet. Try again later.";

    /** The outcome of validation, kept apart from the rest of the chain so its errors are never caught here. */
    private record Validated(Jwt jwt, Throwable failure) {
    }

    /** The route's checks as one policy sets them, built when that policy is first used: once per swap. */
    private record PolicyChecks(CallerPolicy policy, CallerChecks checks) {
    }

    private final ValidateAzureAdTokenConfig config;

    private final ReactiveJwtDecoder decoder;

    private final CallerChecks checks;

    private final SigningKeyFailures keyFailures;

    private final PolicyStore policies;

    private final DecisionMeters decisions;

    private volatile PolicyChecks policyChecks;

    AzureAdTokenPolicy(ValidateAzureAdTokenConfig config, ReactiveJwtDecoder decoder, PolicyStore policies,
            DecisionMeters decisions) {
        this.config = config;
        this.decoder = decoder;
        this.checks = new CallerChecks(config);
        this.keyFailures = new SigningKeyFailures(config.getTenantId());
        this.policies = policies;
        this.decisions = decisions;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Optional<String> token = token(exchange.getRequest());
        if (token.isEmpty()) {
            decisions.denied(RefusalReason.MISSING_TOKEN);
            return refuse(exchange, config.getFailedValidationHttpcode(), "Bearer", "JWT not present.", "no token", null);
        }
        return decoder.decode(token.get())
            .map(jwt -> new Validated(jwt, null))
            .onErrorResume(ex -> Mono.just(new Validated(null, ex)))
            .flatMap(v -> v.jwt() == null ? refuseInvalid(exchange, v.failure(), token.get())
                    : authorize(exchange, chain, v.jwt(), token.get()));
    }

    /** A valid token: the caller policy first, then the route's checks with the roles the policy leaves the caller. */
    private Mono<Void> authorize(ServerWebExchange exchange, GatewayFilterChain chain, Jwt jwt, String token) {
        Optional<CallerPolicy> current = policies.current();
        if (current.isEmpty()) {
            // A configured store never read yet: refused, never taken as "nothing revoked". Readiness is down meanwhile
            // and the store logs its state; per request only at DEBUG, so refused traffic cannot flood the log.
            DecisionLog.deniedQuietly(exchange, POLICY, 503, "no caller policy read yet");
            decisions.denied(RefusalReason.POLICY_UNAVAILABLE);
            return ApimResponses.refuse(exchange, 503, POLICY_UNAVAILABLE);
        }
        CallerPolicy policy = current.get();
        // Parsed once here; the checks and the policies after this one (rate limit) share it.
        EntraCaller caller = EntraCaller.from(jwt);
        PolicyDecision decision = policy.check(caller, jwt);
        if (!decision.allowed()) {
            decisions.denied(RefusalReason.REVOKED);
        }
        if (decision.kind().invalidToken()) {
            return refuse(exchange, config.getFailedValidationHttpcode(), INVALID_TOKEN, decision.message(), decision.detail(),
                    policy, token);
        }
        if (!decision.allowed()) {
            return refuseUnauthorized(exchange, decision.message(), decision.detail(), policy, token);
        }
        EntraCaller restricted = policy.restrict(caller);
        ServerHttpRequest request = exchange.getRequest();
        Optional<CallerChecks.Refusal> refusal = checksFor(policy).check(jwt, restricted, request.getMethod(),
                request.getPath().pathWithinApplication().value());
        if (refusal.isPresent()) {
            decisions.denied(refusal.get().kind());
            return refuseUnauthorized(exchange, refusal.get().message(), refusal.get().reason(), policy, token);
        }
        exchange.getAttributes().put(Callers.ATTRIBUTE, restricted);
        decisions.allowed();
        return chain.filter(exchange);
    }

    private CallerChecks checksFor(CallerPolicy policy) {
        PolicyChecks known = policyChecks;
        if (known == null || known.policy() != policy) {
            known = new PolicyChecks(policy, checks.forPolicy(policy));
            policyChecks = known;
        }
        return known.checks();
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
        decisions.denied(RefusalReason.ofTokenFailure(failure));
        Optional<SigningKeyNotFoundException> keyFailure = SigningKeyFailures.of(failure);
        if (keyFailure.isEmpty()) {
            return refuse(exchange, config.getFailedValidationHttpcode(), INVALID_TOKEN, "Invalid JWT.", describe(failure),
                    token);
        }
        keyFailures.refused(keyFailure.get(), exchange, config.getFailedValidationHttpcode());
        return respond(exchange, config.getFailedValidationHttpcode(), INVALID_TOKEN,
                SigningKeyFailures.message(keyFailure.get()));
    }

    /** A valid token not authorised: the failed-authorization code, with APIM's single code 401 an invalid token. */
    private Mono<Void> refuseUnauthorized(ServerWebExchange exchange, String message, String reason, CallerPolicy policy,
            String token) {
        int status = config.getFailedAuthorizationHttpcode();
        return refuse(exchange, status, status == 401 ? INVALID_TOKEN : INSUFFICIENT_SCOPE, message, reason, policy, token);
    }

    /** A refusal after the caller policy was asked, logged with the version of the policy that decided. */
    private Mono<Void> refuse(ServerWebExchange exchange, int status, String challenge, String message, String reason,
            CallerPolicy policy, String token) {
        DecisionLog.denied(exchange, POLICY, status, reason,
                "policyVersion=" + policy.version() + " token=" + Fingerprint.of(token));
        return respond(exchange, status, challenge, message);
    }

    private Mono<Void> refuse(ServerWebExchange exchange, int status, String challenge, String message, String reason,
            String token) {
        DecisionLog.denied(exchange, POLICY, status, reason, "token=" + Fingerprint.of(token));
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
