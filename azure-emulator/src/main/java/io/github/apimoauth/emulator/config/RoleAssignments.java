package io.github.apimoauth.emulator.config;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The assignments of one emulated resource's Azure RBAC, which the vault, the configuration store and Application
 * Insights each keep in their own record type: who holds which role, changeable at run time, and seen by the next
 * request because there is no cache to wait for. What differs per resource (its roles, its scopes, what each role
 * allows) stays with the resource.
 * @param <A> the resource's assignment record, compared by value
 */
public final class RoleAssignments<A> {

    private final Directory directory;

    private final CopyOnWriteArrayList<A> assignments = new CopyOnWriteArrayList<>();

    public RoleAssignments(Directory directory) {
        this.directory = directory;
    }

    /** The object id a principal names: an identity of the directory by its name, or an object id as it is. */
    public String objectId(String principal) {
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("A role assignment needs a principal: an identity name or an object id");
        }
        return directory.findIdentity(principal).map(Directory.Identity::objectId).orElse(principal.toLowerCase(Locale.ROOT));
    }

    /** Adds the assignment unless it is already there; either way returns it. */
    public A add(A assignment) {
        assignments.addIfAbsent(assignment);
        return assignment;
    }

    public boolean remove(A assignment) {
        return assignments.remove(assignment);
    }

    public List<A> list() {
        return List.copyOf(assignments);
    }

    /** Whether any assignment passes the test: the resource's own access rule. */
    public boolean any(Predicate<A> test) {
        return assignments.stream().anyMatch(test);
    }
}
