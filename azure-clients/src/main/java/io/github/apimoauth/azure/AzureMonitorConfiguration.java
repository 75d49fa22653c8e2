package io.github.apimoauth.azure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpHeaderName;
import com.azure.monitor.opentelemetry.autoconfigure.AzureMonitorAutoConfigure;
import com.azure.monitor.opentelemetry.autoconfigure.AzureMonitorAutoConfigureOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.opentelemetry.instrumentation.micrometer.v1_5.OpenTelemetryMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The services' meters, and their spans where no OTLP endpoint takes them, in Application Insights, when
 * {@code azure.monitor.connection-string} (APPLICATIONINSIGHTS_CONNECTION_STRING) is set. Container Apps' managed
 * OpenTelemetry agent takes the traces to Application Insights but not the metrics (its Application Insights
 * destination accepts traces and logs only), so each service sends its own: Micrometer's meters, through
 * OpenTelemetry's Micrometer bridge, into an OpenTelemetry SDK of their own whose one reader is Azure Monitor's
 * exporter ({@code customMetrics} in the workspace).
 * <ul>
 * <li>The exporter signs in with the service's managed identity (the {@code Monitoring Metrics Publisher} role on the
 * resource): the instrumentation key in the connection string names the resource, it authorises nothing.</li>
 * <li>Spans: with an OTLP endpoint (the managed agent's, or any collector's) they go there, and only there, so that
 * Application Insights never gets a trace twice. Without one, Azure Monitor's span exporter joins the tracer Boot
 * builds ({@code requests} and {@code dependencies}, under the trace id every hop logs). Logs stay on stdout and Live
 * Metrics stays off.</li>
 * <li>Only the meters named in {@code azure.monitor.meters} are sent; the management port still serves all of them.</li>
 * <li>Recording on the request path is an in-memory add per meter, as for Prometheus, and a span handed to a batch
 * queue; the exports run on their own threads every {@code azure.monitor.step} (meters) or few seconds (spans), and a
 * failing ingestion endpoint costs those threads a retry, never a request.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@Conditional(AzureMonitorConfiguration.ConnectionStringSet.class)
public class AzureMonitorConfiguration {

    /** The property that turns the export on; TracingEnvironment maps APPLICATIONINSIGHTS_CONNECTION_STRING to it. */
    public static final String CONNECTION_STRING = "azure.monitor.connection-string";

    /** Boot's OTLP span endpoint, which TracingEnvironment sets from OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT. */
    public static final String OTLP_TRACES_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    private static final Logger log = LoggerFactory.getLogger(AzureMonitorConfiguration.class);

    @Bean(destroyMethod = "close")
    AzureMonitorSdk azureMonitorSdk(AzureClientProperties azure, ObjectProvider<TokenCredential> credentials,
            ObjectProvider<SslBundles> sslBundles, Environment environment) {
        AzureClientProperties.Monitor monitor = azure.monitor();
        String connectionString = monitor.connectionString().trim();
        String ingestion = ingestionEndpoint(connectionString);
        if (monitor.step().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("azure.monitor.step must be at least 1s, was " + monitor.step());
        }
        AzureMonitorAutoConfigureOptions options = new AzureMonitorAutoConfigureOptions().connectionString(connectionString)
            .credential(new DeferredCredential(credentials))
            // The exporter sets Content-Length itself; the JDK client computes it, refuses to be told, and azure-core
            // logs a WARN about it on every export. The body's length is the same either way.
            .addPolicy((context, next) -> {
                context.getHttpRequest().getHeaders().remove(HttpHeaderName.CONTENT_LENGTH);
                return next.process();
            })
            .httpClient(AzureHttpClients.httpClient(azure.http(), monitor.sslBundle(), sslBundles.getIfAvailable()));
        boolean spans = spansToApplicationInsights(environment);
        AtomicReference<SpanExporter> spanExporter = new AtomicReference<>();
        AutoConfiguredOpenTelemetrySdkBuilder builder = AutoConfiguredOpenTelemetrySdk.builder().disableShutdownHook();
        AzureMonitorAutoConfigure.customize(builder, options);
        // Customizers run after the exporter's own defaults and the OTEL_* variables, so these hold whatever the
        // platform sets: this SDK sends meters, and builds the span exporter only for Boot's tracer to use.
        builder.addPropertiesCustomizer(config -> Map.of("otel.metrics.exporter", "azure_monitor", "otel.traces.exporter",
                spans ? "azure_monitor" : "none", "otel.logs.exporter", "none", "otel.metric.export.interval",
                Long.toString(monitor.step().toMillis()), "otel.service.name",
                environment.getProperty("spring.application.name", "application"),
                "applicationinsights.live.metrics.enabled", "false"));
        // Runs after Azure Monitor's own customizer, which has swapped its placeholder for the real exporter: that one
        // is kept for Boot's tracer, and this SDK's tracer, which nothing uses, gets none.
        builder.addSpanExporterCustomizer((exporter, config) -> {
            spanExporter.set(exporter);
            return SpanExporter.composite();
        });
        OpenTelemetrySdk sdk = builder.build().getOpenTelemetrySdk();
        log.info("Meters{} go to Application Insights: ingestion {}, connection string fingerprint {}, signed in with "
                + "the service's managed identity, meters {} every {}", spans ? " and spans" : "", ingestion,
                Fingerprint.of(connectionString), monitor.meters(), monitor.step());
        return new AzureMonitorSdk(sdk, monitor.meters(), spanExporter.get());
    }

    @Bean
    MeterRegistry azureMonitorMeterRegistry(AzureMonitorSdk sdk) {
        return sdk.registry();
    }

    /**
     * Joins Boot's tracer as one more exporter. Boot's span processor shuts it down after the last batch, hence no
     * destroy method here.
     */
    @Bean(destroyMethod = "")
    @Conditional(SpansToApplicationInsights.class)
    SpanExporter azureMonitorSpanExporter(AzureMonitorSdk sdk) {
        if (sdk.spanExporter() == null) {
            throw new IllegalStateException("Azure Monitor's exporter built no span exporter");
        }
        return sdk.spanExporter();
    }

    /** Spans go to Application Insights only where no OTLP endpoint takes them: never the same trace twice. */
    static boolean spansToApplicationInsights(Environment environment) {
        return !StringUtils.hasText(environment.getProperty(OTLP_TRACES_ENDPOINT));
    }

    /** The ingestion endpoint, checked now: a malformed string would otherwise fail every export, quietly. */
    static String ingestionEndpoint(String connectionString) {
        String key = null;
        String endpoint = null;
        for (String part : connectionString.split(";")) {
            int equals = part.indexOf('=');
            String name = equals < 0 ? part.trim() : part.substring(0, equals).trim();
            String value = equals < 0 ? "" : part.substring(equals + 1).trim();
            if (name.equalsIgnoreCase("InstrumentationKey")) {
                key = value;
            }
            else if (name.equalsIgnoreCase("IngestionEndpoint")) {
                endpoint = value;
            }
        }
        if (!StringUtils.hasText(key)) {
            throw new IllegalStateException(CONNECTION_STRING + " has no InstrumentationKey: copy the resource's whole "
                    + "connection string (az monitor app-insights component show --query connectionString)");
        }
        if (endpoint == null) {
            // Older connection strings name no endpoint; the exporter then uses its global one.
            return "the exporter's global default";
        }
        if (!endpoint.startsWith("https://")) {
            // The bearer token is only ever sent over TLS; azure-core would refuse every export.
            throw new IllegalStateException(CONNECTION_STRING + ": the IngestionEndpoint must be an https:// URL");
        }
        return endpoint;
    }

    /**
     * The meters' SDK, and the span exporter it built when spans go to Application Insights: closing it sends what the
     * last step recorded, then stops its exporter.
     */
    static final class AzureMonitorSdk implements AutoCloseable {

        private final OpenTelemetrySdk sdk;

        private final MeterRegistry registry;

        private final SpanExporter spanExporter;

        AzureMonitorSdk(OpenTelemetrySdk sdk, List<String> meters, SpanExporter spanExporter) {
            this.sdk = sdk;
            this.spanExporter = spanExporter;
            // Milliseconds, the unit of Application Insights' own durations (AppRequests.DurationMs).
            this.registry = OpenTelemetryMeterRegistry.builder(sdk).setBaseTimeUnit(TimeUnit.MILLISECONDS).build();
            this.registry.config().meterFilter(MeterFilter.denyUnless(id -> meters.stream().anyMatch(id.getName()::startsWith)));
        }

        MeterRegistry registry() {
            return registry;
        }

        SpanExporter spanExporter() {
            return spanExporter;
        }

        @Override
        public void close() {
            // The provider first: its shutdown collects and sends the last step while the gauges' callbacks still exist.
            sdk.getSdkMeterProvider().close();
            registry.close();
        }
    }

    /**
     * The service's credential, looked up at the first export rather than now: the credential counts its own calls in
     * the service's meter registry, which includes the registry built here.
     */
    private record DeferredCredential(ObjectProvider<TokenCredential> credentials) implements TokenCredential {

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return credentials.getObject().getToken(request);
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            return credentials.getObject().getTokenSync(request);
        }
    }

    static final class ConnectionStringSet implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty(CONNECTION_STRING));
        }
    }

    static final class SpansToApplicationInsights implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return spansToApplicationInsights(context.getEnvironment());
        }
    }
}
