package io.github.apimoauth.entra;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Required roles per operation: (methods, path pattern) to roles, matched ANY or ALL. The first rule that matches a
 * request decides; a request no rule matches is refused by the caller of {@link #find}, never allowed by default.
 */
public final class OperationRoles {

    /** One rule. Methods are upper-case names; "*" matches every method. */
    public record Rule(Set<String> methods, String pathPattern, List<String> roles, RoleMatch match) {

        public Rule {
            if (methods == null || methods.isEmpty()) {
                throw new IllegalArgumentException("An operation rule needs at least one method (or *) for " + pathPattern);
            }
            if (roles == null || roles.isEmpty() || roles.stream().anyMatch(r -> r == null || r.isBlank())) {
                throw new IllegalArgumentException("An operation rule needs at least one non-blank role for " + methods + " " + pathPattern);
            }
            methods = methods.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            roles = List.copyOf(roles);
            match = match == null ? RoleMatch.ANY : match;
        }

        public boolean isSatisfiedBy(Collection<String> held) {
            return match.isSatisfiedBy(roles, held);
        }
    }

    private record Compiled(Rule rule, PathPattern pattern) {
    }

    private final List<Compiled> rules;

    public OperationRoles(List<Rule> rules) {
        PathPatternParser parser = new PathPatternParser();
        this.rules = rules.stream().map(r -> {
            try {
                return new Compiled(r, parser.parse(r.pathPattern()));
            }
            catch (RuntimeException ex) {
                throw new IllegalArgumentException("Invalid path pattern '" + r.pathPattern() + "': " + ex.getMessage(), ex);
            }
        }).toList();
    }

    /** The first rule matching this method and path. */
    public Optional<Rule> find(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return rules.stream()
            .filter(c -> c.rule().methods().contains("*") || c.rule().methods().contains(method.name()))
            .filter(c -> c.pattern().matches(container))
            .map(Compiled::rule)
            .findFirst();
    }

    public List<Rule> rules() {
        return rules.stream().map(Compiled::rule).toList();
    }
}
