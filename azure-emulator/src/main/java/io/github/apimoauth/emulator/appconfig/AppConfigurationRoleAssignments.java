package io.github.apimoauth.emulator.appconfig;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import org.springframework.stereotype.Component;

/**
 * Azure RBAC on the configuration store: "App Configuration Data Reader" reads and lists key-values, "App
 * Configuration Data Owner" also writes, locks and deletes them. Both are assigned on the whole store. Assignments can
 * change at run time, and the next request sees the change.
 */
@Component
public class AppConfigurationRoleAssignments {

    public static final String DATA_READER = "App Configuration Data Reader";

    public static final String DATA_OWNER = "App Configuration Data Owner";

    /** The store's key-value data actions, as Azure names them. */
    public enum Action {
        READ("Microsoft.AppConfiguration/configurationStores/keyValues/read"),
        WRITE("Microsoft.AppConfiguration/configurationStores/keyValues/write"),
        DELETE("Microsoft.AppConfiguration/configurationStores/keyValues/delete");

        private final String id;

        Action(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public record Assignment(String principalObjectId, String role) {
    }

    private final Directory directory;

    private final List<Assignment> assignments = new CopyOnWriteArrayList<>();

    public AppConfigurationRoleAssignments(Directory directory, EmulatorProperties properties) {
        this.directory = directory;
        properties.getAppConfiguration().getRoleAssignments().forEach(a -> add(a.getPrincipal(), a.getRole()));
    }

    /** Adds an assignment; the principal is an identity name or an object id. */
    public Assignment add(String principal, String role) {
        Assignment assignment = new Assignment(objectId(principal), validRole(role));
        if (!assignments.contains(assignment)) {
            assignments.add(assignment);
        }
        return assignment;
    }

    public boolean remove(String principal, String role) {
        return assignments.remove(new Assignment(objectId(principal), validRole(role)));
    }

    public List<Assignment> list() {
        return List.copyOf(assignments);
    }

    /** Whether the principal holds the action: reading takes either role, anything else Data Owner. */
    public boolean allows(String objectId, Action action) {
        return assignments.stream()
            .anyMatch(a -> a.principalObjectId().equals(objectId) && (action == Action.READ || a.role().equals(DATA_OWNER)));
    }

    private String objectId(String principal) {
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("A role assignment needs a principal: an identity name or an object id");
        }
        return directory.findIdentity(principal).map(Directory.Identity::objectId).orElse(principal.toLowerCase(Locale.ROOT));
    }

    private static String validRole(String role) {
        if (!DATA_READER.equals(role) && !DATA_OWNER.equals(role)) {
            throw new IllegalArgumentException("Role must be '" + DATA_READER + "' or '" + DATA_OWNER + "', not '" + role + "'");
        }
        return role;
    }
}
