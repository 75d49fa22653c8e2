package io.github.apimoauth.emulator.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.entra.TokenMinter;
import io.github.apimoauth.emulator.identity.IdentityHeaders;
import io.github.apimoauth.emulator.web.ApiException;
import io.github.apimoauth.emulator.web.EmulatorUrls;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin API, directory side: identities, app registrations, their environments, app-role assignments, minting. */
@RestController
@RequestMapping("/_emulator")
class AdminDirectoryController {

    record RoleAssignmentRequest(String identity, String application, String role) {
    }

    private final Directory directory;

    private final IdentityHeaders headers;

    private final TokenMinter minter;

    private final EmulatorUrls urls;

    AdminDirectoryController(Directory directory, IdentityHeaders headers, TokenMinter minter, EmulatorUrls urls) {
        this.directory = directory;
        this.headers = headers;
        this.minter = minter;
        this.urls = urls;
    }

    @GetMapping("/tenants")
    List<Directory.Tenant> tenants() {
        return directory.tenants();
    }

    @GetMapping("/identities")
    List<Map<String, Object>> identities() {
        return directory.identities().stream().map(i -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", i.name());
            out.put("clientId", i.clientId());
            out.put("objectId", i.objectId());
            out.put("tenant", i.tenant().name());
            out.put("tenantId", i.tenant().id());
            out.put("roles", directory.rolesOf(i));
            return out;
        }).toList();
    }

    /**
     * The environment a service running as this identity needs, the same variables Container Apps sets. The
     * IDENTITY_HEADER is a per-start secret of the emulator: this endpoint is loopback-only like the rest.
     */
    @GetMapping("/identities/{name}/environment")
    Map<String, String> environment(@PathVariable String name) {
        Directory.Identity identity = directory.findIdentity(name)
            .orElseThrow(() -> ApiException.azure(HttpStatus.NOT_FOUND, "IdentityNotFound", "No identity named '" + name + "'"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IDENTITY_ENDPOINT", urls.baseUrl() + "/msi/token");
        env.put("IDENTITY_HEADER", headers.of(identity.name()));
        env.put("AZURE_CLIENT_ID", identity.clientId());
        env.put("AZURE_TENANT_ID", identity.tenant().id());
        // Not AZURE_AUTHORITY_HOST: azure-identity reads that one itself and refuses a plain-http authority.
        env.put("ENTRA_AUTHORITY_HOST", urls.baseUrl());
        env.put("AZURE_KEYVAULT_URL", urls.vaultUrl());
        // Spring's name for azure.app-configuration.endpoint in the environment.
        env.put("AZURE_APPCONFIGURATION_ENDPOINT", urls.appConfigurationEndpoint());
        return env;
    }

    @GetMapping("/applications")
    List<Map<String, Object>> applications() {
        return directory.apps().stream().map(a -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", a.name());
            out.put("appId", a.appId());
            out.put("tenant", a.tenant().name());
            out.put("identifierUris", a.identifierUris());
            out.put("appRoles", a.appRoles());
            out.put("accessTokenAcceptedVersion", a.tokenVersion());
            return out;
        }).toList();
    }

    @PostMapping("/tokens")
    TokenMinter.Minted mint(@RequestBody TokenMinter.MintRequest request) {
        return badRequestOnIllegalArgument(() -> minter.mint(request));
    }

    @PostMapping("/app-role-assignments")
    Map<String, Object> assign(@RequestBody RoleAssignmentRequest request) {
        boolean added = badRequestOnIllegalArgument(() -> directory.assign(required(request.identity(), "identity"),
                required(request.application(), "application"), required(request.role(), "role")));
        return Map.of("assigned", true, "changed", added);
    }

    @DeleteMapping("/app-role-assignments")
    Map<String, Object> unassign(@RequestParam String identity, @RequestParam String application, @RequestParam String role) {
        boolean removed = badRequestOnIllegalArgument(() -> directory.unassign(identity, application, role));
        return Map.of("assigned", false, "changed", removed);
    }

    static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is required");
        }
        return value;
    }

    static <T> T badRequestOnIllegalArgument(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        }
        catch (IllegalArgumentException ex) {
            throw ApiException.azure(HttpStatus.BAD_REQUEST, "BadRequest", ex.getMessage());
        }
    }
}
