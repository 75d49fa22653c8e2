package io.github.apimoauth.emulator.vault;

import java.util.List;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.config.RoleAssignments;
import org.springframework.stereotype.Component;

/**
 * Azure RBAC on the vault: "Key Vault Secrets User" reads, "Key Vault Secrets Officer" reads and writes, each scoped
 * to the whole vault ("/") or to one secret ("/secrets/{name}"). Assignments can change at run time, and the next
 * request sees the change: there is no cache to wait for.
 */
@Component
public class VaultRoleAssignments {

    public static final String SECRETS_USER = "Key Vault Secrets User";

    public static final String SECRETS_OFFICER = "Key Vault Secrets Officer";

    public record Assignment(String principalObjectId, String role, String scope) {
    }

    private final RoleAssignments<Assignment> assignments;

    public VaultRoleAssignments(Directory directory, EmulatorProperties properties) {
        this.assignments = new RoleAssignments<>(directory);
        properties.getVault().getRoleAssignments().forEach(a -> add(a.getPrincipal(), a.getRole(), a.getScope()));
    }

    /** Adds an assignment; the principal is an identity name or an object id. */
    public Assignment add(String principal, String role, String scope) {
        return assignments.add(new Assignment(assignments.objectId(principal), validRole(role), validScope(scope)));
    }

    public boolean remove(String principal, String role, String scope) {
        return assignments.remove(new Assignment(assignments.objectId(principal), validRole(role), validScope(scope)));
    }

    public List<Assignment> list() {
        return assignments.list();
    }

    /** Whether the principal may read the secret: Secrets User or Officer on the vault or on that secret. */
    public boolean canRead(String objectId, String secret) {
        return assignments.any(a -> a.principalObjectId().equals(objectId) && covers(a.scope(), secret));
    }

    /** Whether the principal may create versions, change attributes, delete, recover or purge: Secrets Officer only. */
    public boolean canWrite(String objectId, String secret) {
        return assignments.any(a -> a.principalObjectId().equals(objectId) && a.role().equals(SECRETS_OFFICER) && covers(a.scope(), secret));
    }

    private static boolean covers(String scope, String secret) {
        return scope.equals("/") || (secret != null && scope.equals("/secrets/" + secret));
    }

    private static String validRole(String role) {
        if (!SECRETS_USER.equals(role) && !SECRETS_OFFICER.equals(role)) {
            throw new IllegalArgumentException("Role must be '" + SECRETS_USER + "' or '" + SECRETS_OFFICER + "', not '" + role + "'");
        }
        return role;
    }

    private static String validScope(String scope) {
        String s = scope == null || scope.isBlank() ? "/" : scope;
        if (!s.matches("^/(secrets/[0-9a-zA-Z-]{1,127})?$")) {
            throw new IllegalArgumentException("Scope must be '/' or '/secrets/{name}', not '" + scope + "'");
        }
        return s;
    }
}
