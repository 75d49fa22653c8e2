package io.github.apimoauth.emulator.monitor;

import java.util.List;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.config.RoleAssignments;
import org.springframework.stereotype.Component;

/**
 * Azure RBAC on the Application Insights component: with local authentication disabled, only a principal holding
 * "Monitoring Metrics Publisher" on the component may ingest (the role says metrics, but covers every kind of
 * telemetry). Assignments can change at run time, and the next request sees the change.
 */
@Component
public class MonitorRoleAssignments {

    public static final String METRICS_PUBLISHER = "Monitoring Metrics Publisher";

    public record Assignment(String principalObjectId, String role) {
    }

    private final RoleAssignments<Assignment> assignments;

    public MonitorRoleAssignments(Directory directory, ApplicationInsightsProperties properties) {
        this.assignments = new RoleAssignments<>(directory);
        properties.getRoleAssignments().forEach(a -> add(a.getPrincipal(), a.getRole()));
    }

    /** Adds an assignment; the principal is an identity name or an object id, the role defaults to the publisher. */
    public Assignment add(String principal, String role) {
        return assignments.add(new Assignment(assignments.objectId(principal), validRole(role)));
    }

    public boolean remove(String principal, String role) {
        return assignments.remove(new Assignment(assignments.objectId(principal), validRole(role)));
    }

    public List<Assignment> list() {
        return assignments.list();
    }

    /** Whether the principal may send telemetry to the component. */
    public boolean mayPublish(String objectId) {
        return assignments.any(a -> a.principalObjectId().equals(objectId));
    }

    private static String validRole(String role) {
        if (role == null || role.isBlank()) {
            return METRICS_PUBLISHER;
        }
        if (!METRICS_PUBLISHER.equals(role)) {
            throw new IllegalArgumentException("Role must be '" + METRICS_PUBLISHER + "', not '" + role + "'");
        }
        return role;
    }
}
