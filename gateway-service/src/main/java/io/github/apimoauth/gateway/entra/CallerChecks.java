package io.github.apimoauth.gateway.entra;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.entra.OperationRoles;
import io.github.apimoauth.entra.RoleMatch;

import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What a valid token must also show, in APIM's order: an allowed client application, the required claims, then the
 * roles the operation needs. Each refusal carries APIM's message; none quotes the token.
 */
final class CallerChecks {

    record Refusal(String reason, String message) {
    }

    private final Set<String> clientApplicationIds;

    private final List<ValidateAzureAdTokenConfig.RequiredClaim> requiredClaims;

    private final OperationRoles operations;

    CallerChecks(ValidateAzureAdTokenConfig config) {
        this.clientApplicationIds = Set.copyOf(config.getClientApplicationIds());
        this.requiredClaims = List.copyOf(config.getRequiredClaims());
        // Validated already: with roles required there is at least one operation, without them none.
        this.operations = !config.isRequireRoles() ? null : new OperationRoles(config.getOperations().stream()
            .map(o -> new OperationRoles.Rule(Set.copyOf(o.getMethods()), o.getPath(), o.getRoles(), o.getMatch()))
            .toList());
    }

    Optional<Refusal> check(Jwt jwt, HttpMethod method, String path) {
        String appId = EntraCaller.appId(jwt);
        if (!clientApplicationIds.isEmpty() && (appId == null || !clientApplicationIds.contains(appId))) {
            return Optional.of(new Refusal("client application " + appId + " not allowed",
                    "Client application is not allowed. Access denied."));
        }
        List<String> missing = requiredClaims.stream().map(ValidateAzureAdTokenConfig.RequiredClaim::getName)
            .filter(name -> jwt.getClaims().get(name) == null).distinct().toList();
        if (!missing.isEmpty()) {
            return Optional.of(new Refusal("missing claims " + missing,
                    "JWT is missing the following claims: " + String.join(", ", missing) + ". Access denied."));
        }
        for (ValidateAzureAdTokenConfig.RequiredClaim claim : requiredClaims) {
            List<String> held = values(jwt.getClaims().get(claim.getName()), claim.getSeparator());
            if (!claim.getValues().isEmpty() && !matches(claim, held)) {
                String shown = abbreviate(String.join(",", held));
                return Optional.of(new Refusal("claim " + claim.getName() + " value not allowed",
                        "Claim " + claim.getName() + " value of " + shown + " is not allowed. Access denied."));
            }
        }
        return operations == null ? Optional.empty() : checkRoles(jwt, method, path);
    }

    private Optional<Refusal> checkRoles(Jwt jwt, HttpMethod method, String path) {
        Optional<OperationRoles.Rule> rule = operations.find(method, path);
        if (rule.isEmpty()) {
            // No rule for this operation: refused, never allowed by default.
            return Optional.of(new Refusal("no operation rule for " + method.name(), "The operation is not allowed. Access denied."));
        }
        if (!rule.get().isSatisfiedBy(EntraCaller.roles(jwt))) {
            String joiner = rule.get().match() == RoleMatch.ALL ? " and " : " or ";
            return Optional.of(new Refusal("missing role for " + method.name(),
                    "The operation requires the role " + String.join(joiner, rule.get().roles()) + ". Access denied."));
        }
        return Optional.empty();
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
