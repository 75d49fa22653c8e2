package io.github.apimoauth.gateway.entra;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.github.apimoauth.entra.AccessRules;
import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.entra.RefusalReason;
import io.github.apimoauth.entra.RoleMatch;
import io.github.apimoauth.entra.policy.CallerPolicy;

import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What a valid token must also show, in APIM's order: an allowed client application, the required claims, then the
 * roles the operation needs. The client application and the roles are the shared {@link AccessRules} decision, the
 * same one the backend makes; the required claims (APIM's, on the raw claims) are the gateway's own. Each refusal
 * carries APIM's message; none quotes the token. The caller policy may replace the route's client-application-ids:
 * {@link #forPolicy} gives the checks with its list, built once per policy.
 */
final class CallerChecks {

    /** A refusal: the log's reason, APIM's message, and the kind of refusal for the metrics. */
    record Refusal(String reason, String message, RefusalReason kind) {
    }

    private final AccessRules access;

    private final List<ValidateAzureAdTokenConfig.RequiredClaim> requiredClaims;

    CallerChecks(ValidateAzureAdTokenConfig config) {
        AccessRules.Builder rules = AccessRules.builder();
        // APIM: no client-application-ids means any application.
        if (!config.getClientApplicationIds().isEmpty()) {
            rules.allowedApplications(config.getClientApplicationIds());
        }
        // Validated already: with roles required there is at least one operation, without them none.
        this.access = (config.isRequireRoles() ? rules.operations(config.getOperations()) : rules.withoutRoles()).build();
        this.requiredClaims = List.copyOf(config.getRequiredClaims());
    }

    private CallerChecks(AccessRules access, List<ValidateAzureAdTokenConfig.RequiredClaim> requiredClaims) {
        this.access = access;
        this.requiredClaims = requiredClaims;
    }

    /** These checks with the policy's client-application-ids in place of the route's, when it has them. */
    CallerChecks forPolicy(CallerPolicy policy) {
        AccessRules withPolicy = policy.gatewayAccess(access);
        return withPolicy == access ? this : new CallerChecks(withPolicy, requiredClaims);
    }

    /** The caller was parsed once from this token; the required claims are read from the token's own claims. */
    Optional<Refusal> check(Jwt jwt, EntraCaller caller, HttpMethod method, String path) {
        AccessRules.Decision decision = access.decide(method, path, caller);
        if (!decision.allowed() && decision.check() != AccessRules.Check.ROLES) {
            return Optional.of(refusal(decision));
        }
        // Between the application and the roles, as in APIM's order.
        Optional<Refusal> claims = checkClaims(jwt);
        if (claims.isPresent() || decision.allowed()) {
            return claims;
        }
        return Optional.of(refusal(decision));
    }

    private Optional<Refusal> checkClaims(Jwt jwt) {
        List<String> missing = requiredClaims.stream().map(ValidateAzureAdTokenConfig.RequiredClaim::getName)
            .filter(name -> jwt.getClaims().get(name) == null).distinct().toList();
        if (!missing.isEmpty()) {
            return Optional.of(new Refusal("missing claims " + missing,
                    "JWT is missing the following claims: " + String.join(", ", missing) + ". Access denied.",
                    RefusalReason.CLAIMS));
        }
        for (ValidateAzureAdTokenConfig.RequiredClaim claim : requiredClaims) {
            List<String> held = values(jwt.getClaims().get(claim.getName()), claim.getSeparator());
            if (!claim.getValues().isEmpty() && !matches(claim, held)) {
                String shown = abbreviate(String.join(",", held));
                return Optional.of(new Refusal("claim " + claim.getName() + " value not allowed",
                        "Claim " + claim.getName() + " value of " + shown + " is not allowed. Access denied.",
                        RefusalReason.CLAIMS));
            }
        }
        return Optional.empty();
    }

    /** APIM's message for the shared decision's denial; the decision's reason goes to the log. */
    private static Refusal refusal(AccessRules.Decision decision) {
        RefusalReason kind = RefusalReason.of(decision.check());
        if (decision.check() == AccessRules.Check.ALLOWED_APPLICATIONS) {
            return new Refusal(decision.reason(), "Client application is not allowed. Access denied.", kind);
        }
        if (decision.check() != AccessRules.Check.ROLES) {
            // The gateway configures no tenant or principal list; should one deny, it still gets a plain refusal.
            return new Refusal(decision.reason(), "Access denied.", kind);
        }
        if (decision.noRule()) {
            return new Refusal(decision.reason(), "The operation is not allowed. Access denied.", kind);
        }
        String joiner = decision.rule().match() == RoleMatch.ALL ? " and " : " or ";
        return new Refusal(decision.reason(),
                "The operation requires the role " + String.join(joiner, decision.rule().roles()) + ". Access denied.", kind);
    }

    private static boolean matches(ValidateAzureAdTokenConfig.RequiredClaim claim, List<String> held) {
        return claim.getMatch() == ValidateAzureAdTokenConfig.RequiredClaim.Match.ALL ? held.containsAll(claim.getValues())
                : claim.getValues().stream().anyMatch(held::contains);
    }

    private static List<String> values(Object claim, String separator) {
        if (claim instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        String single = String.valueOf(claim);
        if (separator == null || separator.isEmpty()) {
            return List.of(single);
        }
        return List.of(single.split(Pattern.quote(separator))).stream().filter(v -> !v.isEmpty()).toList();
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
