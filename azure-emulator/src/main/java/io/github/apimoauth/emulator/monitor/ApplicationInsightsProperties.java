package io.github.apimoauth.emulator.monitor;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The emulated Application Insights component: its instrumentation key, the tenant its Entra tokens come from, and who
 * may publish telemetry to it. A class of its own rather than a nested one in EmulatorProperties, which holds the
 * directory, the vault and the configuration store already.
 */
@Validated
@ConfigurationProperties("emulator.application-insights")
public class ApplicationInsightsProperties {

    private static final String GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    /**
     * The component's instrumentation key, a GUID: every envelope's iKey must equal it. An identifier, not a secret (with
     * local authentication disabled it authorizes nothing), so a fixed default keeps connection strings stable.
     */
    @NotBlank
    @Pattern(regexp = GUID)
    private String instrumentationKey = "e457f0e9-2bfe-4467-bcd1-05b8d0655c33";

    /** Tenant (short name) the component trusts tokens from. */
    @NotBlank
    private String tenant = "home";

    /**
     * Largest body accepted after gzip decompression. emulator.max-request-size bounds the compressed body; telemetry
     * JSON compresses about tenfold, and a gzip bomb far more, so the inflated size needs a bound of its own.
     */
    @NotNull
    private DataSize maxDecompressedSize = DataSize.ofMegabytes(4);

    /** Azure RBAC on the component: who holds Monitoring Metrics Publisher, which publishes every kind of telemetry. */
    private List<@Valid RoleAssignment> roleAssignments = new ArrayList<>();

    public static class RoleAssignment {

        /** Identity name or object id. */
        @NotBlank
        private String principal;

        /** The role; Monitoring Metrics Publisher, the one role that may ingest, is the only choice and the default. */
        @NotBlank
        @Pattern(regexp = "^" + MonitorRoleAssignments.METRICS_PUBLISHER + "$")
        private String role = MonitorRoleAssignments.METRICS_PUBLISHER;

        public String getPrincipal() {
            return principal;
        }

        public void setPrincipal(String principal) {
            this.principal = principal;
        }

        public String getRole() {
            return role;
        }

        public void setRole(String role) {
            this.role = role;
        }
    }

    public String getInstrumentationKey() {
        return instrumentationKey;
    }

    public void setInstrumentationKey(String instrumentationKey) {
        this.instrumentationKey = instrumentationKey;
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    public DataSize getMaxDecompressedSize() {
        return maxDecompressedSize;
    }

    public void setMaxDecompressedSize(DataSize maxDecompressedSize) {
        this.maxDecompressedSize = maxDecompressedSize;
    }

    public List<RoleAssignment> getRoleAssignments() {
        return roleAssignments;
    }

    public void setRoleAssignments(List<RoleAssignment> roleAssignments) {
        this.roleAssignments = roleAssignments;
    }
}
