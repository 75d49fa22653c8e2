package io.github.apimoauth.emulator.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The URLs clients see. The authority host is the emulator's own base URL: services point the configuration key
 * they use for https://login.microsoftonline.com at it. Issuers derive from it, so they stay stable across restarts.
 */
@Component
public class EmulatorUrls {

    private final EmulatorProperties properties;

    /**
     * localhost when the listeners bind the wildcard address or 127.0.0.1, the address localhost names (so the
     * documented http://localhost:8090 and the services' local defaults hold); otherwise the bound address itself,
     * which is certain to answer.
     */
    private final String host;

    private volatile int httpPort = -1;

    private volatile int httpsPort = -1;

    public EmulatorUrls(EmulatorProperties properties) {
        this.properties = properties;
        InetAddress address = properties.getBindAddress();
        if (address.isAnyLocalAddress() || "127.0.0.1".equals(address.getHostAddress())) {
            this.host = "localhost";
        }
        else {
            this.host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        }
    }

    @EventListener
    void onWebServer(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            httpPort = event.getWebServer().getPort();
        }
    }

    public void httpsStarted(int port) {
        this.httpsPort = port;
    }

    /** The authority host, for example http://localhost:8090. */
    public String baseUrl() {
        String configured = properties.getPublicBaseUrl();
        if (configured != null && !configured.isBlank()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        return "http://" + host + ":" + httpPort;
    }

    /** The vault URL clients give SecretClient, for example https://localhost:8443. */
    public String vaultUrl() {
        String vaultHost = properties.getTls().getVaultHost();
        return "https://" + (vaultHost == null || vaultHost.isBlank() ? this.host : vaultHost) + ":" + httpsPort;
    }

    /**
     * The endpoint clients give ConfigurationClientBuilder, for example https://localhost:8443: the same HTTPS listener
     * and host as the vault, without a path, as a store's https://{name}.azconfig.io has none.
     */
    public String appConfigurationEndpoint() {
        return vaultUrl();
    }

    /**
     * The IngestionEndpoint of the Application Insights connection string, for example https://localhost:8443/: the
     * same HTTPS listener and host as the vault, with the trailing slash the exporter resolves v2.1/track against.
     */
    public String applicationInsightsIngestionEndpoint() {
        return vaultUrl() + "/";
    }

    public int httpPort() {
        return httpPort;
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** The exact issuer of tokens of a version: {base}/{tid}/v2.0 for v2, the sts-like {base}/{tid}/ for v1. */
    public String issuer(Directory.Tenant tenant, int version) {
        return version == 2 ? baseUrl() + "/" + tenant.id() + "/v2.0" : baseUrl() + "/" + tenant.id() + "/";
    }

    public String authority(Directory.Tenant tenant) {
        return baseUrl() + "/" + tenant.id().toLowerCase(Locale.ROOT);
    }
}
