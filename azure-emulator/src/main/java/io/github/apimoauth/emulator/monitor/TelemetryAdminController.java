package io.github.apimoauth.emulator.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.apimoauth.emulator.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API, Application Insights: the component's connection string, the telemetry it accepted (what a test asserts
 * on), and its role assignments. Loopback-only like the rest of {@code /_emulator/}.
 */
@RestController
@RequestMapping("/_emulator")
class TelemetryAdminController {

    record RoleRequest(String principal, String role) {
    }

    private final TelemetryStore store;

    private final MonitorRoleAssignments roles;

    private final ApplicationInsightsComponent component;

    TelemetryAdminController(TelemetryStore store, MonitorRoleAssignments roles, ApplicationInsightsComponent component) {
        this.store = store;
        this.roles = roles;
        this.component = component;
    }

    /** The stored envelopes, oldest first; name= keeps one envelope name, metric= envelopes carrying that metric. */
    @GetMapping("/telemetry")
    List<Map<String, Object>> telemetry(@RequestParam(required = false) String name,
            @RequestParam(required = false) String metric) {
        return store.list(name, metric);
    }

    @DeleteMapping("/telemetry")
    Map<String, Object> clear() {
        return Map.of("cleared", store.clear());
    }

    @GetMapping("/application-insights")
    Map<String, Object> component() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connectionString", component.connectionString());
        out.put("instrumentationKey", component.instrumentationKey());
        out.put("ingestionEndpoint", component.ingestionEndpoint());
        out.put("tenant", component.tenant().name());
        return out;
    }

    @GetMapping("/application-insights/role-assignments")
    List<MonitorRoleAssignments.Assignment> roleAssignments() {
        return roles.list();
    }

    @PostMapping("/application-insights/role-assignments")
    MonitorRoleAssignments.Assignment addRole(@RequestBody RoleRequest request) {
        return badRequestOnIllegalArgument(() -> roles.add(request.principal(), request.role()));
    }

    @DeleteMapping("/application-insights/role-assignments")
    Map<String, Object> removeRole(@RequestParam String principal, @RequestParam(required = false) String role) {
        return Map.of("removed", badRequestOnIllegalArgument(() -> roles.remove(principal, role)));
    }

    private static <T> T badRequestOnIllegalArgument(Supplier<T> action) {
        try {
            return action.get();
        }
        catch (IllegalArgumentException ex) {
            throw ApiException.azure(HttpStatus.BAD_REQUEST, "BadRequest", ex.getMessage());
        }
    }
}
