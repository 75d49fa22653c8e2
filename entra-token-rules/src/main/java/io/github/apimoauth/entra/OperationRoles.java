package io.github.apimoauth.entra;

import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Required roles per operation: the {@link OperationRule}s with their path patterns compiled once. The first rule that
 * matches a request decides; a request no rule matches is refused by {@link AccessRules}, never allowed by default.
 */
public final class OperationRoles {

    private record Compiled(OperationRule rule, PathPattern pattern) {
    }

    private final List<Compiled> rules;

    public OperationRoles(List<OperationRule> rules) {
        PathPatternParser parser = new PathPatternParser();
        this.rules = rules.stream().map(r -> {
            try {
                return new Compiled(r, parser.parse(r.path()));
            }
            catch (RuntimeException ex) {
                throw new IllegalArgumentException("Invalid path pattern '" + r.path() + "': " + ex.getMessage(), ex);
            }
        }).toList();
    }

    /** The first rule matching this method and path. */
    public Optional<OperationRule> find(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return rules.stream()
            .filter(c -> c.rule().appliesTo(method.name()))
            .filter(c -> c.pattern().matches(container))
            .map(Compiled::rule)
            .findFirst();
    }

    public List<OperationRule> rules() {
        return rules.stream().map(Compiled::rule).toList();
    }
}
