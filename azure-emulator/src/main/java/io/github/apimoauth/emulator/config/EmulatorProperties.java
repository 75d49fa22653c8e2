package io.github.apimoauth.emulator.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Declarative model of the emulated directory, identities, vault and configuration store. Ids are not secrets; no secret value is
 * ever taken from here unless a user puts one in their own, uncommitted, configuration.
 */
@Validated
@ConfigurationProperties("emulator")
public class EmulatorProperties {

    /** 127.0.0.1, whatever the JVM's IPv6 preference: the address localhost names in every hosts file. */
    private static final InetAddress LOOPBACK = ipv4Loopback();

    static final String GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    /** Where keys, the TLS certificate, identity headers and secrets are persisted across restarts. */
    @NotNull
    private Path dataDir = Path.of(".azure-emulator");

    /**
     * Address both listeners bind to: the HTTP port (Entra ID, managed identity, admin API) and the HTTPS port (Key
     * Vault, App Configuration and Application Insights ingestion). Loopback by default, because the emulator hands out every identity's tokens and every secret to whoever
     * proves little: it must never face a network. 0.0.0.0 belongs only inside a container whose ports are not
     * published, where it means the container's own loopback and its private network.
     */
    @NotNull
    private InetAddress bindAddress = LOOPBACK;

    /** Base URL clients use for the authority host; empty means http://localhost:{server.port}. */
    private String publicBaseUrl = "";

    /** Lifetime of managed-identity tokens; real ones live about 24 hours. */
    @NotNull
    private Duration tokenLifetime = Duration.ofHours(24);

    /** How long a retired signing key stays published after rollover. */
    @NotNull
    private Duration keyGracePeriod = Duration.ofHours(1);

    /** Largest request body accepted by any endpoint; for Application Insights ingestion, the body as sent (gzipped). */
    @NotNull
    private DataSize maxRequestSize = DataSize.ofKilobytes(64);

    @Valid
    private final Tls tls = new Tls();

    @Valid
    private final Admin admin = new Admin();

    @Valid
    private final ManagedIdentity managedIdentity = new ManagedIdentity();

    /** Tenants by short name, for example home and foreign. */
    @NotEmpty
    private Map<String, @Valid Tenant> tenants = new LinkedHashMap<>();

    /** App registrations (resource apps) tokens can be requested for. */
    private List<@Valid Application> applications = new ArrayList<>();

    /** Managed identities that can request tokens. */
    private List<@Valid Identity> identities = new ArrayList<>();

    @Valid
    private final Vault vault = new Vault();

    @Valid
    private final AppConfiguration appConfiguration = new AppConfiguration();

    public static class Tls {

        /** HTTPS port of the Key Vault, App Configuration and Application Insights ingestion endpoints; 0 picks a free port. */
        @Min(0)
        @Max(65535)
        private int port = 8443;

        /** Extra host name in the certificate's SANs besides localhost and 127.0.0.1, for example the compose service name. */
        private String hostName = "";

        /**
         * Host name clients put in the vault URL, the App Configuration endpoint and the Application Insights ingestion
         * endpoint; empty means localhost.
         */
        private String vaultHost = "";

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public String getHostName() {
            return hostName;
        }

        public void setHostName(String hostName) {
            this.hostName = hostName;
        }

        public String getVaultHost() {
            return vaultHost;
        }

        public void setVaultHost(String vaultHost) {
            this.vaultHost = vaultHost;
        }
    }

    public static class Admin {

        /** Whether the admin API under /_emulator/ answers callers that are not on loopback. */
        private boolean allowRemote = false;

        public boolean isAllowRemote() {
            return allowRemote;
        }

        public void setAllowRemote(boolean allowRemote) {
            this.allowRemote = allowRemote;
        }
    }

    public static class ManagedIdentity {

        /** Identity the IMDS endpoint serves when the request names none, like a VM's system-assigned identity. */
        private String imdsDefaultIdentity = "";

        public String getImdsDefaultIdentity() {
            return imdsDefaultIdentity;
        }

        public void setImdsDefaultIdentity(String imdsDefaultIdentity) {
            this.imdsDefaultIdentity = imdsDefaultIdentity;
        }
    }

    public static class Tenant {

        /** Directory (tenant) id, a GUID; it appears in tid and in the issuer. */
        @NotBlank
        @Pattern(regexp = GUID)
        private String id;

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }
    }

    public static class Application {

        /** Display name, used by the admin API and role assignments. */
        @NotBlank
        private String name;

        /** Application (client) id, a GUID; the v2 audience. */
        @NotBlank
        @Pattern(regexp = GUID)
        private String appId;

        /** Tenant (short name) that owns the registration. */
        @NotBlank
        private String tenant = "home";

        /** Identifier URIs accepted as the requested resource, for example api://{appId}. */
        private List<String> identifierUris = new ArrayList<>();

        /** App roles identities can be assigned. */
        private List<@Valid AppRole> appRoles = new ArrayList<>();

        /** 1 or 2: the version of the tokens issued for this app, as in the app manifest. */
        @Min(1)
        @Max(2)
        private int accessTokenAcceptedVersion = 1;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getAppId() {
            return appId;
        }

        public void setAppId(String appId) {
            this.appId = appId;
        }

        public String getTenant() {
            return tenant;
        }

        public void setTenant(String tenant) {
            this.tenant = tenant;
        }

        public List<String> getIdentifierUris() {
            return identifierUris;
        }

        public void setIdentifierUris(List<String> identifierUris) {
            this.identifierUris = identifierUris;
        }

        public List<AppRole> getAppRoles() {
            return appRoles;
        }

        public void setAppRoles(List<AppRole> appRoles) {
            this.appRoles = appRoles;
        }

        public int getAccessTokenAcceptedVersion() {
            return accessTokenAcceptedVersion;
        }

        public void setAccessTokenAcceptedVersion(int accessTokenAcceptedVersion) {
            this.accessTokenAcceptedVersion = accessTokenAcceptedVersion;
        }
    }

    public static class AppRole {

        /** Role id, a GUID. */
        @NotBlank
        @Pattern(regexp = GUID)
        private String id;

        /** The value that appears in the roles claim, for example Backend.Read. */
        @NotBlank
        private String value;

        /** Application and/or User. */
        private List<String> allowedMemberTypes = new ArrayList<>(List.of("Application"));

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getValue() {
            return value;
        }

        public void setValue(String value) {
            this.value = value;
        }

        public List<String> getAllowedMemberTypes() {
            return allowedMemberTypes;
        }

        public void setAllowedMemberTypes(List<String> allowedMemberTypes) {
            this.allowedMemberTypes = allowedMemberTypes;
        }
    }

    public static class Identity {

        /** Short name, for example frontend. */
        @NotBlank
        @Pattern(regexp = "^[a-z0-9-]{1,40}$")
        private String name;

        /** Client id of the user-assigned identity; AZURE_CLIENT_ID selects it. */
        @NotBlank
        @Pattern(regexp = GUID)
        private String clientId;

        /** Object id of its service principal; the oid and sub claims. */
        @NotBlank
        @Pattern(regexp = GUID)
        private String objectId;

        /** Tenant (short name) the identity lives in. */
        @NotBlank
        private String tenant = "home";

        /** App roles assigned to this identity, as application name and role value. */
        private List<@Valid RoleRef> appRoleAssignments = new ArrayList<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getObjectId() {
            return objectId;
        }

        public void setObjectId(String objectId) {
            this.objectId = objectId;
        }

        public String getTenant() {
            return tenant;
        }

        public void setTenant(String tenant) {
            this.tenant = tenant;
        }

        public List<RoleRef> getAppRoleAssignments() {
            return appRoleAssignments;
        }

        public void setAppRoleAssignments(List<RoleRef> appRoleAssignments) {
            this.appRoleAssignments = appRoleAssignments;
        }
    }

    public static class RoleRef {

        /** Application name. */
        @NotBlank
        private String application;

        /** Role value, for example Backend.Read. */
        @NotBlank
        private String role;

        public String getApplication() {
            return application;
        }

        public void setApplication(String application) {
            this.application = application;
        }

        public String getRole() {
            return role;
        }

        public void setRole(String role) {
            this.role = role;
        }
    }

    public static class Vault {

        /** Tenant (short name) the vault trusts tokens from. */
        @NotBlank
        private String tenant = "home";

        /** Secrets created at first start; a secret without a value gets a random one. */
        private List<@Valid SecretSeed> secrets = new ArrayList<>();

        /** Azure RBAC role assignments on the vault or on single secrets. */
        private List<@Valid VaultRoleAssignment> roleAssignments = new ArrayList<>();

        public String getTenant() {
            return tenant;
        }

        public void setTenant(String tenant) {
            this.tenant = tenant;
        }

        public List<SecretSeed> getSecrets() {
            return secrets;
        }

        public void setSecrets(List<SecretSeed> secrets) {
            this.secrets = secrets;
        }

        public List<VaultRoleAssignment> getRoleAssignments() {
            return roleAssignments;
        }

        public void setRoleAssignments(List<VaultRoleAssignment> roleAssignments) {
            this.roleAssignments = roleAssignments;
        }
    }

    public static class SecretSeed {

        /** Secret name: letters, digits and dashes, as in Key Vault. */
        @NotBlank
        @Pattern(regexp = "^[0-9a-zA-Z-]{1,127}$")
        private String name;

        /** Initial value; leave it out so a random one is generated at first start. */
        private String value;

        /** Optional content type. */
        private String contentType;

        /** Optional tags. */
        private Map<String, String> tags = new LinkedHashMap<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getValue() {
            return value;
        }

        public void setValue(String value) {
            this.value = value;
        }

        public String getContentType() {
            return contentType;
        }

        public void setContentType(String contentType) {
            this.contentType = contentType;
        }

        public Map<String, String> getTags() {
            return tags;
        }

        public void setTags(Map<String, String> tags) {
            this.tags = tags;
        }
    }

    public static class VaultRoleAssignment {

        /** Identity name or object id. */
        @NotBlank
        private String principal;

        /** "Key Vault Secrets User" (read) or "Key Vault Secrets Officer" (read and write). */
        @NotBlank
        @Pattern(regexp = "^Key Vault Secrets (User|Officer)$")
        private String role;

        /** "/" for the whole vault, or "/secrets/{name}" for one secret. */
        @NotBlank
        @Pattern(regexp = "^/(secrets/[0-9a-zA-Z-]{1,127})?$")
        private String scope = "/";

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

        public String getScope() {
            return scope;
        }

        public void setScope(String scope) {
            this.scope = scope;
        }
    }

    public static class AppConfiguration {

        /** Tenant (short name) the configuration store trusts tokens from. */
        @NotBlank
        private String tenant = "home";

        /**
         * Prefix of the caller-policy keys the admin shortcuts write (revoke and restore a caller, bump the sentinel),
         * the services' {@code apim.policy.key-prefix}.
         */
        @NotBlank
        @Pattern(regexp = "^[^%*,\\\\]{1,200}$")
        private String policyKeyPrefix = "apim-oauth:policy:";

        /** Key-values created at first start, when the store holds none under that key and label. */
        private List<@Valid KeyValueSeed> keyValues = new ArrayList<>();

        /** Azure RBAC role assignments on the configuration store. */
        private List<@Valid AppConfigurationRoleAssignment> roleAssignments = new ArrayList<>();

        public String getTenant() {
            return tenant;
        }

        public void setTenant(String tenant) {
            this.tenant = tenant;
        }

        public String getPolicyKeyPrefix() {
            return policyKeyPrefix;
        }

        public void setPolicyKeyPrefix(String policyKeyPrefix) {
            this.policyKeyPrefix = policyKeyPrefix;
        }

        public List<KeyValueSeed> getKeyValues() {
            return keyValues;
        }

        public void setKeyValues(List<KeyValueSeed> keyValues) {
            this.keyValues = keyValues;
        }

        public List<AppConfigurationRoleAssignment> getRoleAssignments() {
            return roleAssignments;
        }

        public void setRoleAssignments(List<AppConfigurationRoleAssignment> roleAssignments) {
            this.roleAssignments = roleAssignments;
        }
    }

    public static class KeyValueSeed {

        /** The key, for example apim-oauth:policy:sentinel. */
        @NotBlank
        private String key;

        /** The label; leave it out for the null label, as App Configuration's default. */
        private String label;

        /** The value; not a secret: App Configuration is no place for one. */
        @NotNull
        private String value;

        /** Optional content type, for example application/json. */
        private String contentType;

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public String getLabel() {
            return label;
        }

        public void setLabel(String label) {
            this.label = label;
        }

        public String getValue() {
            return value;
        }

        public void setValue(String value) {
            this.value = value;
        }

        public String getContentType() {
            return contentType;
        }

        public void setContentType(String contentType) {
            this.contentType = contentType;
        }
    }

    public static class AppConfigurationRoleAssignment {

        /** Identity name or object id. */
        @NotBlank
        private String principal;

        /** "App Configuration Data Reader" (read and list) or "App Configuration Data Owner" (read, write, delete). */
        @NotBlank
        @Pattern(regexp = "^App Configuration Data (Reader|Owner)$")
        private String role;

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

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public InetAddress getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(InetAddress bindAddress) {
        this.bindAddress = bindAddress;
    }

    public String getPublicBaseUrl() {
        return publicBaseUrl;
    }

    public void setPublicBaseUrl(String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

    public Duration getTokenLifetime() {
        return tokenLifetime;
    }

    public void setTokenLifetime(Duration tokenLifetime) {
        this.tokenLifetime = tokenLifetime;
    }

    public Duration getKeyGracePeriod() {
        return keyGracePeriod;
    }

    public void setKeyGracePeriod(Duration keyGracePeriod) {
        this.keyGracePeriod = keyGracePeriod;
    }

    public DataSize getMaxRequestSize() {
        return maxRequestSize;
    }

    public void setMaxRequestSize(DataSize maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    public Tls getTls() {
        return tls;
    }

    public Admin getAdmin() {
        return admin;
    }

    public ManagedIdentity getManagedIdentity() {
        return managedIdentity;
    }

    public Map<String, Tenant> getTenants() {
        return tenants;
    }

    public void setTenants(Map<String, Tenant> tenants) {
        this.tenants = tenants;
    }

    public List<Application> getApplications() {
        return applications;
    }

    public void setApplications(List<Application> applications) {
        this.applications = applications;
    }

    public List<Identity> getIdentities() {
        return identities;
    }

    public void setIdentities(List<Identity> identities) {
        this.identities = identities;
    }

    public Vault getVault() {
        return vault;
    }

    public AppConfiguration getAppConfiguration() {
        return appConfiguration;
    }
}
