package io.github.apimoauth.entra;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The roles one operation requires, bound as it is from both services' {@code operations} lists (a gateway route's
 * ValidateAzureAdToken args, {@code backend.auth.operations}). A rule that would let anyone through (no role), or
 * match nothing (no method, no path), fails where it is made, so at start-up when it is bound.
 *
 * @param methods HTTP methods, or * for every method; upper-cased
 * @param path a Spring path pattern of the request path as that hop sees it, e.g. /backend/** or /api/**
 * @param roles the app roles, from the token's roles claim
 * @param match ANY (default): one of the roles is enough; ALL: every one is needed
 */
public record OperationRule(@NotEmpty Set<String> methods, @NotBlank String path, @NotEmpty List<@NotBlank String> roles,
        @DefaultValue("ANY") @NotNull RoleMatch match) {

    public OperationRule {
        if (methods == null || methods.isEmpty() || methods.stream().anyMatch(OperationRule::blank)) {
            throw new IllegalArgumentException("operations " + path + ": every rule needs its methods (or *), none blank");
        }
        methods = methods.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (blank(path)) {
            throw new IllegalArgumentException("operations " + methods + ": every rule needs a path pattern, e.g. /api/**");
        }
        if (roles == null || roles.isEmpty() || roles.stream().anyMatch(OperationRule::blank)) {
            throw new IllegalArgumentException("operations " + methods + " " + path + " must list at least one non-blank role");
        }
        path = path.trim();
        roles = roles.stream().map(String::trim).toList();
        match = match == null ? RoleMatch.ANY : match;
    }

    /** Whether a caller holding these roles may perform the operation. */
    public boolean isSatisfiedBy(Collection<String> held) {
        return match.isSatisfiedBy(roles, held);
    }

    boolean appliesTo(String method) {
        return methods.contains("*") || methods.contains(method);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
