package io.github.apimoauth.emulator.appconfig;

import java.util.List;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.config.RoleAssignments;
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

    private final RoleAssignments<Assignment> assignments;

    public AppConfigurationRoleAssignments(Directory directory, EmulatorProperties properties) {
        this.assignments = new RoleAssignments<>(directory);
        properties.getAppConfiguration().getRoleAssignments().forEach(a -> add(a.getPrincipal(), a.getRole()));
    }

    /** Adds an assignment; the principal is an identity name or an object id. */
    public Assignment add(String principal, String role) {
        return assignments.add(new Assignment(assignments.objectId(principal), validRole(role)));
    }

    public boolean remove(String principal, String role) {
        return assignments.remove(new Assignment(assignments.objectId(principal), validRole(role)));
    }

    public List<Assignment> list() {
        return assignments.list();
    }

    /** Whether the principal holds the action: reading takes either role, anything else Data Owner. */
    public boolean allows(String objectId, Action action) {
        return assignments.any(a -> a.principalObjectId().equals(objectId) && (action == Action.READ || a.role().equals(DATA_OWNER)));
    }

    private static String validRole(String role) {
        if (!DATA_READER.equals(role) && !DATA_OWNER.equals(role)) {
            throw new IllegalArgumentException("Role must be '" + DATA_READER + "' or '" + DATA_OWNER + "', not '" + role + "'");
        }
        return role;
    }
}
