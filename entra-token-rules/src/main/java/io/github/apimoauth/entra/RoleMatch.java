package io.github.apimoauth.entra;

import java.util.Collection;

/** How a caller's roles satisfy a requirement: any one of the required roles, or all of them. */
public enum RoleMatch {

    ANY, ALL;

    public boolean isSatisfiedBy(Collection<String> required, Collection<String> held) {
        if (required.isEmpty()) {
            // A rule that names no role would silently allow everyone; configuration validation refuses it earlier.
            return false;
        }
        return this == ALL ? held.containsAll(required) : required.stream().anyMatch(held::contains);
    }
}
