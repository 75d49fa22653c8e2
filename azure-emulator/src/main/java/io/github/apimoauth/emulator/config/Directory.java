package io.github.apimoauth.emulator.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The emulated Entra directory: tenants, app registrations and managed identities, with app-role assignments that
 * the admin API can change at run time (tokens issued afterwards reflect the change).
 */
@Component
public class Directory {

    public record Tenant(String name, String id) {
    }

    public record AppRole(String id, String value, List<String> allowedMemberTypes) {
    }

    public record App(String name, String appId, Tenant tenant, List<String> identifierUris, List<AppRole> appRoles,
            int tokenVersion) {

        public Optional<AppRole> role(String value) {
            return appRoles.stream().filter(r -> r.value().equals(value)).findFirst();
        }
    }

    public record Identity(String name, String clientId, String objectId, Tenant tenant) {
    }

    private final Map<String, Tenant> tenants = new LinkedHashMap<>();

    private final Map<String, App> apps = new LinkedHashMap<>();

    private final Map<String, Identity> identities = new LinkedHashMap<>();

    /** identity name -> application name -> role values. */
    private final Map<String, Map<String, Set<String>>> assignments = new ConcurrentHashMap<>();

    public Directory(EmulatorProperties properties) {
        properties.getTenants().forEach((name, t) -> tenants.put(name, new Tenant(name, t.getId().toLowerCase(Locale.ROOT))));
        for (EmulatorProperties.Application a : properties.getApplications()) {
            List<AppRole> roles = a.getAppRoles().stream()
                .map(r -> new AppRole(r.getId(), r.getValue(), List.copyOf(r.getAllowedMemberTypes())))
                .toList();
            App app = new App(a.getName(), a.getAppId().toLowerCase(Locale.ROOT), tenant(a.getTenant(), "application " + a.getName()),
                    List.copyOf(a.getIdentifierUris()), roles, a.getAccessTokenAcceptedVersion());
            requireUnique(apps.put(app.name(), app), "application", app.name());
        }
        for (EmulatorProperties.Identity i : properties.getIdentities()) {
            Identity identity = new Identity(i.getName(), i.getClientId().toLowerCase(Locale.ROOT),
                    i.getObjectId().toLowerCase(Locale.ROOT), tenant(i.getTenant(), "identity " + i.getName()));
            requireUnique(identities.put(identity.name(), identity), "identity", identity.name());
            for (EmulatorProperties.RoleRef ref : i.getAppRoleAssignments()) {
                assign(identity.name(), ref.getApplication(), ref.getRole());
            }
        }
        Set<String> ids = new HashSet<>();
        identities.values().forEach(i -> {
            if (!ids.add(i.clientId()) || !ids.add(i.objectId())) {
                throw new IllegalStateException("emulator.identities: client and object ids must be unique, " + i.name() + " repeats one");
            }
        });
    }

    private static void requireUnique(Object previous, String kind, String name) {
        if (previous != null) {
            throw new IllegalStateException("emulator: two " + kind + " entries are named '" + name + "'");
        }
    }

    private Tenant tenant(String name, String owner) {
        Tenant tenant = tenants.get(name);
        if (tenant == null) {
            throw new IllegalStateException("emulator: " + owner + " names tenant '" + name + "', which is not under emulator.tenants " + tenants.keySet());
        }
        return tenant;
    }

    public List<Tenant> tenants() {
        return List.copyOf(tenants.values());
    }

    /** Finds a tenant by short name or id, as Entra accepts a tenant id in its URLs. */
    public Optional<Tenant> findTenant(String nameOrId) {
        String key = nameOrId.toLowerCase(Locale.ROOT);
        return tenants.values().stream().filter(t -> t.name().equals(nameOrId) || t.id().equals(key)).findFirst();
    }

    public Tenant requireTenant(String name) {
        return tenant(name, "the configuration");
    }

    public List<App> apps() {
        return List.copyOf(apps.values());
    }

    public Optional<App> findApp(String nameOrAppId) {
        String key = nameOrAppId.toLowerCase(Locale.ROOT);
        return apps.values().stream().filter(a -> a.name().equals(nameOrAppId) || a.appId().equals(key)).findFirst();
    }

    /** Resolves a requested resource (identifier URI or app id, trailing slash tolerated) to its app registration. */
    public Optional<App> appForResource(String resource) {
        String trimmed = resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource;
        return apps.values().stream()
            .filter(a -> a.appId().equalsIgnoreCase(trimmed)
                    || a.identifierUris().stream().anyMatch(u -> u.equalsIgnoreCase(trimmed) || u.equalsIgnoreCase(resource)))
            .findFirst();
    }

    public List<Identity> identities() {
        return List.copyOf(identities.values());
    }

    public Optional<Identity> findIdentity(String name) {
        return Optional.ofNullable(identities.get(name));
    }

    /** Finds an identity by client id, object id or the name at the end of its ARM resource id. */
    public Optional<Identity> findIdentityById(String id) {
        String key = id.toLowerCase(Locale.ROOT);
        String armName = key.substring(key.lastIndexOf('/') + 1);
        return identities.values().stream()
            .filter(i -> i.clientId().equals(key) || i.objectId().equals(key)
                    || (key.contains("/userassignedidentities/") && i.name().equals(armName)))
            .findFirst();
    }

    /** The role values an identity holds on an app, as they go into the roles claim. */
    public List<String> rolesOf(Identity identity, App app) {
        return List.copyOf(assignments.getOrDefault(identity.name(), Map.of()).getOrDefault(app.name(), Set.of()));
    }

    public Map<String, List<String>> rolesOf(Identity identity) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        assignments.getOrDefault(identity.name(), Map.of()).forEach((app, roles) -> {
            if (!roles.isEmpty()) {
                result.put(app, new ArrayList<>(roles));
            }
        });
        return result;
    }

    /** Assigns an app role; returns false when it was already assigned. */
    public boolean assign(String identityName, String appName, String roleValue) {
        Identity identity = findIdentity(identityName)
            .orElseThrow(() -> new IllegalArgumentException("Unknown identity '" + identityName + "'"));
        App app = findApp(appName).orElseThrow(() -> new IllegalArgumentException("Unknown application '" + appName + "'"));
        AppRole role = app.role(roleValue)
            .orElseThrow(() -> new IllegalArgumentException("Application '" + app.name() + "' has no app role '" + roleValue + "'"));
        if (!role.allowedMemberTypes().contains("Application")) {
            throw new IllegalArgumentException("App role '" + roleValue + "' does not allow members of type Application");
        }
        return assignments.computeIfAbsent(identity.name(), k -> new ConcurrentHashMap<>())
            .computeIfAbsent(app.name(), k -> java.util.Collections.synchronizedSet(new LinkedHashSet<>()))
            .add(role.value());
    }

    /** Removes an app-role assignment; returns false when there was none. */
    public boolean unassign(String identityName, String appName, String roleValue) {
        Identity identity = findIdentity(identityName)
            .orElseThrow(() -> new IllegalArgumentException("Unknown identity '" + identityName + "'"));
        App app = findApp(appName).orElseThrow(() -> new IllegalArgumentException("Unknown application '" + appName + "'"));
        Set<String> roles = assignments.getOrDefault(identity.name(), Map.of()).get(app.name());
        return roles != null && roles.remove(roleValue);
    }
}
