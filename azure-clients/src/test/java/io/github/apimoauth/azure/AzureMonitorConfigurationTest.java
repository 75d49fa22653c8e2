package io.github.apimoauth.azure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.ManagedIdentityEnvironment;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters and spans in Application Insights: Azure Monitor's unmodified exporter sends them to the emulator's
 * ingestion endpoint over TLS, signed in with the gateway's managed identity (a real token from the emulator's identity
 * endpoint), and the emulator keeps what it accepted.
 */
@ExtendWith(OutputCaptureExtension.class)
class AzureMonitorConfigurationTest {

    private static final AzureEmulator emulator = AzureEmulator.shared();

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ValidationAutoConfiguration.class))
        .withUserConfiguration(AzureClientConfiguration.class)
        .withPropertyValues("spring.application.name=gateway-service",
                "azure.identity.client-id=" + emulator.identity("gateway").clientId(),
                "azure.key-vault.url=" + emulator.vaultUrl(),
                "spring.ssl.bundle.pem.emulator.truststore.certificate=file:" + emulator.tlsCertificate());

    @BeforeAll
    static void identity() {
        ManagedIdentityEnvironment.applyAppService(emulator, "gateway");
    }

    @BeforeEach
    void clearTelemetry() {
        emulator.clearTelemetry();
    }

    @Test
    void exportWhenConnectionStringSetThenNamedMetersReachApplicationInsightsWithTheirTags(CapturedOutput output) {
        contexts.withPropertyValues("azure.monitor.connection-string=" + emulator.applicationInsightsConnectionString(),
                "azure.monitor.ssl-bundle=emulator", "azure.monitor.step=1s")
            .run(context -> {
                assertThat(context).hasNotFailed();
                MeterRegistry meters = context.getBean("azureMonitorMeterRegistry", MeterRegistry.class);
                Counter refusals = Counter.builder("apim.policy.decisions").tag("policy", "subscription-key")
                    .tag("outcome", "denied").tag("reason", "missing_key").register(meters);
                refusals.increment(3);
                Timer.builder("apim.policy.chain").register(meters).record(Duration.ofMillis(4));
                // Not among azure.monitor.meters: stays on the management port.
                Counter.builder("jvm.test.events").register(meters).increment();

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metric("apim.policy.decisions"))
                    .anySatisfy(item -> assertThat(properties(item)).containsEntry("reason", "missing_key")
                        .containsEntry("policy", "subscription-key")));
                Map<String, Object> refusal = metric("apim.policy.decisions").get(0);
                assertThat(refusal.get("iKey")).isEqualTo(instrumentationKey());
                assertThat(((Map<?, ?>) refusal.get("tags")).get("ai.cloud.role")).isEqualTo("gateway-service");
                assertThat(metric("apim.policy.decisions").stream().mapToDouble(item -> value(item)).sum()).isEqualTo(3.0);
                await().atMost(Duration.ofSeconds(30)).until(() -> !metric("apim.policy.chain").isEmpty());
                assertThat(metric("jvm.test.events")).isEmpty();
                // The log names the resource by fingerprint only, and exports leave no warning behind.
                assertThat(output).contains("connection string fingerprint")
                    .doesNotContain(instrumentationKey())
                    .doesNotContain("is restricted by");
            });
    }

    @Test
    void exportWhenConnectionStringSetAndNoOtlpEndpointThenSpansReachApplicationInsightsUnderTheirTraceId() {
        contexts.withPropertyValues("azure.monitor.connection-string=" + emulator.applicationInsightsConnectionString(),
                "azure.monitor.ssl-bundle=emulator")
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(SpanExporter.class);
                // The exporter as Boot's tracer uses it: one more exporter behind a span processor.
                try (SdkTracerProvider tracer = SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(context.getBean(SpanExporter.class)))
                    .build()) {
                    Span span = tracer.get("test").spanBuilder("GET /backend/items/{id}").setSpanKind(SpanKind.SERVER)
                        .startSpan();
                    String traceId = span.getSpanContext().getTraceId();
                    span.end();

                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(emulator.telemetry())
                        .anySatisfy(item -> {
                            assertThat(((Map<?, ?>) item.get("data")).get("baseType")).isEqualTo("RequestData");
                            assertThat(((Map<?, ?>) item.get("tags")).get("ai.operation.id")).isEqualTo(traceId);
                        }));
                }
            });
    }

    @Test
    void startWhenAnOtlpEndpointTakesTheSpansThenNoneGoToApplicationInsights() {
        contexts.withPropertyValues("azure.monitor.connection-string=" + emulator.applicationInsightsConnectionString(),
                "azure.monitor.ssl-bundle=emulator",
                AzureMonitorConfiguration.OTLP_TRACES_ENDPOINT + "=http://127.0.0.1:4318/v1/traces")
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(AzureMonitorConfiguration.AzureMonitorSdk.class)
                .doesNotHaveBean(SpanExporter.class));
    }

    @Test
    void startWhenNoConnectionStringThenNoMeterLeavesTheService() {
        contexts.run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(AzureMonitorConfiguration.AzureMonitorSdk.class)
            .doesNotHaveBean(MeterRegistry.class)
            .doesNotHaveBean(SpanExporter.class));
    }

    @Test
    void startWhenConnectionStringHasNoInstrumentationKeyThenFailsWithoutEchoingIt() {
        contexts.withPropertyValues("azure.monitor.connection-string=IngestionEndpoint=https://127.0.0.1:1/;Canary=c4n4ry")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("azure.monitor.connection-string has no InstrumentationKey")
                .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain("c4n4ry")));
    }

    @Test
    void startWhenIngestionEndpointIsPlainHttpThenFails() {
        contexts.withPropertyValues("azure.monitor.connection-string=InstrumentationKey=00000000-0000-0000-0000-000000000000;"
                + "IngestionEndpoint=http://127.0.0.1:1/")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("the IngestionEndpoint must be an https:// URL"));
    }

    @Test
    void startWhenStepIsBelowOneSecondThenFails() {
        contexts.withPropertyValues("azure.monitor.connection-string=" + emulator.applicationInsightsConnectionString(),
                "azure.monitor.ssl-bundle=emulator", "azure.monitor.step=100ms")
            .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("azure.monitor.step"));
    }

    /** The accepted MetricData items for one meter, as Breeze received them. */
    private static List<Map<String, Object>> metric(String name) {
        return emulator.telemetry().stream().filter(item -> name.equals(metricName(item))).toList();
    }

    private static Object metricName(Map<String, Object> item) {
        List<?> metrics = (List<?>) baseData(item).get("metrics");
        return metrics == null || metrics.isEmpty() ? null : ((Map<?, ?>) metrics.get(0)).get("name");
    }

    private static double value(Map<String, Object> item) {
        return ((Number) ((Map<?, ?>) ((List<?>) baseData(item).get("metrics")).get(0)).get("value")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> item) {
        Object properties = baseData(item).get("properties");
        return properties == null ? Map.of() : (Map<String, Object>) properties;
    }

    private static Map<?, ?> baseData(Map<String, Object> item) {
        Map<?, ?> data = (Map<?, ?>) item.get("data");
        return data == null || data.get("baseData") == null ? Map.of() : (Map<?, ?>) data.get("baseData");
    }

    private static String instrumentationKey() {
        return emulator.applicationInsightsConnectionString().replaceAll("(?i).*InstrumentationKey=([^;]+).*", "$1");
    }

    private static String stackTrace(Throwable failure) {
        java.io.StringWriter out = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
