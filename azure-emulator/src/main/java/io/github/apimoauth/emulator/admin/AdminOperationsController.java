package io.github.apimoauth.emulator.admin;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.apimoauth.emulator.config.Fingerprint;
import io.github.apimoauth.emulator.counters.Counters;
import io.github.apimoauth.emulator.keys.SigningKeys;
import io.github.apimoauth.emulator.vault.SecretStore;
import io.github.apimoauth.emulator.vault.VaultRoleAssignments;
import io.github.apimoauth.emulator.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static io.github.apimoauth.emulator.admin.AdminDirectoryController.badRequestOnIllegalArgument;
import static io.github.apimoauth.emulator.admin.AdminDirectoryController.required;

/**
 * Admin API, operations side: key rollover, secret versions and soft delete, vault RBAC, counters and fault injection.
 * The caller policy's shortcuts are in the appconfig package's CallerPolicyAdminController.
 */
@RestController
@RequestMapping("/_emulator")
class AdminOperationsController {

    record SecretRequest(String value, String contentType, Map<String, String> tags) {
    }

    record VaultRoleRequest(String principal, String role, String scope) {
    }

    record FaultRequest(String target, String mode, Long seconds) {
    }

    private final SigningKeys keys;

    private final SecretStore secrets;

    private final VaultRoleAssignments vaultRoles;

    private final Counters counters;

    private final Faults faults;

    AdminOperationsController(SigningKeys keys, SecretStore secrets, VaultRoleAssignments vaultRoles, Counters counters,
            Faults faults) {
        this.keys = keys;
        this.secrets = secrets;
        this.vaultRoles = vaultRoles;
        this.counters = counters;
        this.faults = faults;
    }

    @GetMapping("/keys")
    List<SigningKeys.KeyInfo> keys() {
        return keys.list();
    }

    /** Rollover step 1: publish the next key ahead of use. */
    @PostMapping("/keys/next")
    Map<String, Object> publishNext() {
        return Map.of("kid", keys.publishNext(), "keys", keys.list());
    }

    /** Rollover steps 2 and 3: sign with the next key; the old one stays published for the grace period. */
    @PostMapping("/keys/activate")
    Map<String, Object> activate() {
        return Map.of("kid", keys.activateNext(), "keys", keys.list());
    }

    /** Rollover step 4: drop retired keys now. */
    @DeleteMapping("/keys/retired")
    Map<String, Object> dropRetired() {
        return Map.of("dropped", keys.dropRetired(), "keys", keys.list());
    }

    /** Adds a version; without a value, a random one. The answer carries a fingerprint, never the value. */
    @PutMapping("/secrets/{name}")
    Map<String, Object> setSecret(@PathVariable String name, @RequestBody(required = false) SecretRequest request) {
        if (!name.matches("^[0-9a-zA-Z-]{1,127}$")) {
            throw ApiException.azure(HttpStatus.BAD_REQUEST, "BadParameter", "Secret names use 1-127 letters, digits and dashes.");
        }
        SecretRequest r = request == null ? new SecretRequest(null, null, null) : request;
        String value = r.value() == null || r.value().isEmpty() ? SecretStore.randomValue() : r.value();
        SecretStore.Version v = secrets.set(name, value, r.contentType(), r.tags(), true, null, null);
        return Map.of("name", name, "version", v.version(), "sha256", Fingerprint.of(value));
    }

    /** Soft-deletes a secret, as an operator revoking a key does; POST …/recover undoes it. */
    @DeleteMapping("/secrets/{name}")
    Map<String, Object> deleteSecret(@PathVariable String name) {
        SecretStore.Deleted deleted = secrets.delete(name)
            .orElseThrow(() -> ApiException.azure(HttpStatus.NOT_FOUND, "SecretNotFound", "No secret named '" + name + "'"));
        return Map.of("name", name, "deleted", true, "versions", deleted.versions().size(),
                "scheduledPurgeDate", deleted.scheduledPurgeDate());
    }

    /** Recovers a soft-deleted secret with every version. The answer carries a fingerprint, never the value. */
    @PostMapping("/secrets/{name}/recover")
    Map<String, Object> recoverSecret(@PathVariable String name) {
        SecretStore.Version latest = secrets.recover(name)
            .orElseThrow(() -> ApiException.azure(HttpStatus.NOT_FOUND, "SecretNotFound", "No deleted secret named '" + name + "'"));
        return Map.of("name", name, "version", latest.version(), "sha256", Fingerprint.of(latest.value()));
    }

    @GetMapping("/vault/role-assignments")
    List<VaultRoleAssignments.Assignment> vaultRoleAssignments() {
        return vaultRoles.list();
    }

    @PostMapping("/vault/role-assignments")
    VaultRoleAssignments.Assignment addVaultRole(@RequestBody VaultRoleRequest request) {
        return badRequestOnIllegalArgument(() -> vaultRoles.add(request.principal(), required(request.role(), "role"), request.scope()));
    }

    @DeleteMapping("/vault/role-assignments")
    Map<String, Object> removeVaultRole(@RequestParam String principal, @RequestParam String role,
            @RequestParam(defaultValue = "/") String scope) {
        return Map.of("removed", badRequestOnIllegalArgument(() -> vaultRoles.remove(principal, role, scope)));
    }

    @GetMapping("/counters")
    Map<String, Object> counters() {
        return counters.snapshot();
    }

    @DeleteMapping("/counters")
    Map<String, Object> resetCounters() {
        counters.reset();
        return counters.snapshot();
    }

    @GetMapping("/faults")
    Map<String, Object> faults() {
        return faults.snapshot();
    }

    @PostMapping("/faults")
    Map<String, Object> injectFault(@RequestBody FaultRequest request) {
        Faults.Fault fault = badRequestOnIllegalArgument(() -> {
            Faults.Target target = Faults.Target.valueOf(upper(required(request.target(), "target")));
            Faults.Mode mode = request.mode() == null ? Faults.Mode.UNAVAILABLE : Faults.Mode.valueOf(upper(request.mode()));
            long seconds = request.seconds() == null ? 60 : request.seconds();
            if (seconds < 1 || seconds > 3600) {
                throw new IllegalArgumentException("seconds must be between 1 and 3600");
            }
            return faults.inject(target, mode, Duration.ofSeconds(seconds));
        });
        return Map.of("target", fault.target().name(), "mode", fault.mode().name(), "until", fault.until().toString());
    }

    @DeleteMapping("/faults")
    Map<String, Object> clearFaults() {
        faults.clear();
        return faults.snapshot();
    }

    /** Accepts managed-identity, MANAGED_IDENTITY, key-vault and app-configuration alike; an unknown name is a 400 naming the choices. */
    private static String upper(String value) {
        String name = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        if (!List.of("MANAGED_IDENTITY", "OPENID", "KEY_VAULT", "APP_CONFIGURATION", "APPLICATION_INSIGHTS", "UNAVAILABLE", "HANG")
            .contains(name)) {
            throw new IllegalArgumentException("Unknown value '" + value + "': targets are managed-identity, openid, key-vault, "
                    + "app-configuration, application-insights; modes are unavailable, hang");
        }
        return name;
    }
}
