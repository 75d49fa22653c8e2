package io.github.apimoauth.azure.telemetry;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class TracingEnvironmentTest {

    private static MockEnvironment run(Map<String, Object> variables) {
        MockEnvironment environment = new MockEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("systemEnvironment", variables));
        new TracingEnvironment().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void postProcessWhenNoOtlpVariableThenNoExporterNoMetricsPushAndNoSpanRecorded() {
        MockEnvironment environment = run(Map.of());

        assertThat(environment.containsProperty(TracingEnvironment.ENDPOINT)).isFalse();
        assertThat(environment.getProperty(TracingEnvironment.OTLP_METRICS)).isEqualTo("false");
        assertThat(environment.getProperty(TracingEnvironment.SAMPLING)).isEqualTo("0.0");
        assertThat(environment.getProperty(TracingEnvironment.SPRING_SECURITY_OBSERVATIONS)).isEqualTo("false");
    }

    @Test
    void postProcessWhenAnExporterIsSetThenEveryTraceIsRecordedByDefault() {
        assertThat(run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")).getProperty(TracingEnvironment.SAMPLING))
            .isEqualTo("1.0");
        assertThat(run(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces"))
            .getProperty(TracingEnvironment.SAMPLING)).isEqualTo("1.0");
        assertThat(run(Map.of(TracingEnvironment.ENDPOINT, "http://own:4318/v1/traces")).getProperty(TracingEnvironment.SAMPLING))
            .isEqualTo("1.0");
    }

    @Test
    void postProcessWhenOnlyApplicationInsightsIsSetThenEveryTraceIsRecordedForItsExporter() {
        MockEnvironment environment = run(Map.of("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=k"));

        assertThat(environment.getProperty(TracingEnvironment.SAMPLING)).isEqualTo("1.0");
        // No OTLP endpoint appears: the spans' one way out is Azure Monitor's exporter.
        assertThat(environment.containsProperty(TracingEnvironment.ENDPOINT)).isFalse();
        assertThat(environment.getProperty("azure.monitor.connection-string")).isEqualTo("InstrumentationKey=k");
    }

    @Test
    void postProcessWhenOtlpEndpointSetThenTracesPathAppendedForHttp() {
        MockEnvironment environment = run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"));

        assertThat(environment.getProperty(TracingEnvironment.ENDPOINT)).isEqualTo("http://collector:4318/v1/traces");
        assertThat(environment.getProperty(TracingEnvironment.TRANSPORT)).isEqualTo("http");
    }

    @Test
    void postProcessWhenProtocolIsGrpcThenEndpointKeptAndGrpcTransport() {
        MockEnvironment environment = run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));

        assertThat(environment.getProperty(TracingEnvironment.ENDPOINT)).isEqualTo("http://collector:4317");
        assertThat(environment.getProperty(TracingEnvironment.TRANSPORT)).isEqualTo("grpc");
    }

    @Test
    void postProcessWhenTracesEndpointSetThenItWinsAsItIs() {
        MockEnvironment environment = run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://traces.example/custom"));

        assertThat(environment.getProperty(TracingEnvironment.ENDPOINT)).isEqualTo("https://traces.example/custom");
    }

    @Test
    void postProcessWhenSamplerArgOrBootPropertySetThenTheyWinOverTheDefault() {
        assertThat(run(Map.of("OTEL_TRACES_SAMPLER_ARG", "0.25")).getProperty(TracingEnvironment.SAMPLING)).isEqualTo("0.25");

        MockEnvironment environment = run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                TracingEnvironment.SAMPLING, "0.5", TracingEnvironment.ENDPOINT, "http://own:4318/v1/traces"));

        assertThat(environment.getProperty(TracingEnvironment.SAMPLING)).isEqualTo("0.5");
        assertThat(environment.getProperty(TracingEnvironment.ENDPOINT)).isEqualTo("http://own:4318/v1/traces");
    }

    @Test
    void postProcessWhenEndpointVariableBlankThenNoExporterEndpoint() {
        assertThat(run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", " ")).containsProperty(TracingEnvironment.ENDPOINT)).isFalse();
    }
}
