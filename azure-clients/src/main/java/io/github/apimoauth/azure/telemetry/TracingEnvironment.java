package io.github.apimoauth.azure.telemetry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.apimoauth.azure.AzureMonitorConfiguration;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The three services' tracing and metrics defaults, in one place, below every other property source so a service's configuration
 * or an environment variable under Boot's own name still wins.
 * <ul>
 * <li>OpenTelemetry's standard variables, as Container Apps' managed OpenTelemetry agent and any OTLP collector set
 * them, become Boot's exporter settings: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} as it is, else
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} plus {@code /v1/traces} (only for OTLP over HTTP, as the OpenTelemetry SDKs do);
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL=grpc} picks gRPC. Boot creates an exporter only when an endpoint is set. Without
 * one, spans go to Application Insights when its connection string is set ({@link AzureMonitorConfiguration}), and
 * are otherwise dropped after the log lines took their ids: nothing connects to localhost:4318.</li>
 * <li>Sampling: every request gets and propagates a trace id whatever the sampling, and its log lines carry it; the
 * probability only decides which traces are recorded and exported. {@code OTEL_TRACES_SAMPLER_ARG} sets it. With an
 * exporter the default is 1.0: these services answer few calls each and an operator looks refusals up by the trace
 * id the frontend returns, which only works when that trace was kept. Without one it is 0.0: a recorded span would go
 * nowhere. The first hop decides; the next ones follow the caller's sampled flag.</li>
 * <li>Metrics are scraped, not pushed over OTLP: the OTLP metrics registry the starter brings stays off, else it would
 * push to localhost:4318 every minute. Application Insights' standard variable, {@code APPLICATIONINSIGHTS_CONNECTION_STRING},
 * becomes {@code azure.monitor.connection-string}: with it, the meters also go to that resource, and the spans too
 * when no OTLP endpoint is set ({@link AzureMonitorConfiguration}).</li>
 * <li>Each request is timed ({@code http.server.requests}) but not also tracked in flight: the long-task timer
 * {@code http.server.requests.active}, started and stopped on every request, was about 1% of the gateway's CPU under
 * load (a JFR profile, bench/README.md), for a figure Container Apps' own request metrics give.</li>
 * <li>Spring Security's own observations ({@code spring.security.*}: the filter chain, with an event per filter, the
 * authentication and the authorization) are off: they were the backend's largest observation cost, and the backend
 * already counts each decision by check and reason ({@code backend.auth.decisions}) and logs it under the request's
 * span. Measured: backend alone 5,274-5,450 → 6,772 req/s, 315-326 → 248 µs of CPU per request.</li>
 * </ul>
 */
public class TracingEnvironment implements EnvironmentPostProcessor {

    static final String ENDPOINT = AzureMonitorConfiguration.OTLP_TRACES_ENDPOINT;

    static final String TRANSPORT = "management.opentelemetry.tracing.export.otlp.transport";

    static final String SAMPLING = "management.tracing.sampling.probability";

    static final String OTLP_METRICS = "management.otlp.metrics.export.enabled";

    static final String IGNORED_OBSERVATION_METERS = "management.metrics.observations.ignored-meters";

    static final String SPRING_SECURITY_OBSERVATIONS = "management.observations.enable.spring.security";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(OTLP_METRICS, "false");
        defaults.put(IGNORED_OBSERVATION_METERS, "long-task-timer");
        defaults.put(SPRING_SECURITY_OBSERVATIONS, "false");
        defaults.put(AzureMonitorConfiguration.CONNECTION_STRING, "${APPLICATIONINSIGHTS_CONNECTION_STRING:}");
        String protocol = first(environment, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
        boolean grpc = protocol != null && protocol.toLowerCase(Locale.ROOT).equals("grpc");
        String endpoint = environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (!StringUtils.hasText(endpoint)) {
            String base = environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
            if (StringUtils.hasText(base)) {
                endpoint = grpc ? base.trim() : base.trim().replaceAll("/+$", "") + "/v1/traces";
            }
        }
        // Spans leave the service through an OTLP endpoint, or else to Application Insights (AzureMonitorConfiguration).
        boolean exported = StringUtils.hasText(endpoint) || StringUtils.hasText(environment.getProperty(ENDPOINT))
                || StringUtils.hasText(environment.getProperty("APPLICATIONINSIGHTS_CONNECTION_STRING"))
                || StringUtils.hasText(environment.getProperty(AzureMonitorConfiguration.CONNECTION_STRING));
        if (StringUtils.hasText(endpoint)) {
            defaults.put(ENDPOINT, endpoint.trim());
            defaults.put(TRANSPORT, grpc ? "grpc" : "http");
        }
        defaults.put(SAMPLING, exported ? "${OTEL_TRACES_SAMPLER_ARG:1.0}" : "${OTEL_TRACES_SAMPLER_ARG:0.0}");
        environment.getPropertySources().addLast(new MapPropertySource("tracingDefaults", defaults));
    }

    private static String first(ConfigurableEnvironment environment, String... names) {
        for (String name : names) {
            String value = environment.getProperty(name);
            if (StringUtils.hasText(value)) {
                return value.trim();
            }
        }
        return null;
    }
}
