package io.github.apimoauth.emulator.monitor;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.web.EmulatorUrls;
import org.springframework.stereotype.Component;

/**
 * The one emulated Application Insights component, as its clients see it: the connection string, the instrumentation
 * key every envelope must carry, and what its Entra tokens must say (tenant, audience).
 */
@Component
public class ApplicationInsightsComponent {

    /**
     * The audience of ingestion tokens. The exporter asks for {@code https://monitor.azure.com//.default} (its AAD audience
     * ends in a slash, and it appends "/.default"), so a managed-identity token is for {@code https://monitor.azure.com/}.
     */
    public static final String RESOURCE = "https://monitor.azure.com";

    private final String instrumentationKey;

    private final Directory.Tenant tenant;

    private final Set<String> audiences;

    private final EmulatorUrls urls;

    ApplicationInsightsComponent(ApplicationInsightsProperties properties, Directory directory, EmulatorUrls urls) {
        this.instrumentationKey = properties.getInstrumentationKey().toLowerCase(Locale.ROOT);
        this.tenant = directory.requireTenant(properties.getTenant());
        this.urls = urls;
        Set<String> accepted = new LinkedHashSet<>(Set.of(RESOURCE, RESOURCE + "/"));
        // A v2 token carries the app id instead: whatever app registration the directory holds for the resource.
        directory.appForResource(RESOURCE).ifPresent(app -> accepted.add(app.appId()));
        this.audiences = Set.copyOf(accepted);
    }

    public String instrumentationKey() {
        return instrumentationKey;
    }

    /** The base URL the exporter posts {@code v2.1/track} under, for example https://localhost:8443/. */
    public String ingestionEndpoint() {
        return urls.applicationInsightsIngestionEndpoint();
    }

    /** What APPLICATIONINSIGHTS_CONNECTION_STRING holds in Azure, pointing at the emulator's HTTPS listener. */
    public String connectionString() {
        return "InstrumentationKey=" + instrumentationKey + ";IngestionEndpoint=" + ingestionEndpoint();
    }

    Directory.Tenant tenant() {
        return tenant;
    }

    Set<String> audiences() {
        return audiences;
    }

    /** Whether an envelope's iKey is this component's; GUIDs compare without case. */
    boolean isInstrumentationKey(String iKey) {
        return instrumentationKey.equalsIgnoreCase(iKey);
    }
}
