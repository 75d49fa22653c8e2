package io.github.apimoauth.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import io.github.apimoauth.emulator.junit.AzureEmulator;

/** Track requests as the Azure Monitor exporter builds them: gzipped newline-delimited envelopes with a bearer token. */
final class TelemetryRequests {

    /** The envelope name azure-monitor-opentelemetry-autoconfigure 1.2.0 gives a metric. */
    static final String METRIC = "Metric";

    private static final Pattern IKEY = Pattern.compile("InstrumentationKey=([^;]+);");

    private TelemetryRequests() {
    }

    static String instrumentationKey(AzureEmulator emulator) {
        Matcher m = IKEY.matcher(emulator.applicationInsightsConnectionString());
        if (!m.find()) {
            throw new AssertionError("No InstrumentationKey in " + emulator.applicationInsightsConnectionString());
        }
        return m.group(1);
    }

    /** {IngestionEndpoint}v2.1/track, or another path under the endpoint. */
    static String trackUrl(AzureEmulator emulator, String path) {
        String endpoint = emulator.applicationInsightsConnectionString().replaceFirst("^.*IngestionEndpoint=", "");
        return endpoint + path;
    }

    /** A metric envelope as the exporter writes it (ver, name, time, iKey, tags, data with baseType and baseData). */
    static String metricEnvelope(String iKey, String metric, double value) {
        return "{\"ver\":1,\"name\":\"" + METRIC + "\",\"time\":\"" + Instant.now() + "\",\"iKey\":\"" + iKey + "\","
                + "\"tags\":{\"ai.cloud.role\":\"gateway\",\"ai.internal.sdkVersion\":\"java17:otel1.49.0:ext1.2.0\"},"
                + "\"data\":{\"baseType\":\"MetricData\",\"baseData\":{\"ver\":2,\"metrics\":[{\"name\":\"" + metric + "\","
                + "\"value\":" + value + ",\"count\":1}],\"properties\":{\"service\":\"gateway\"}}}}";
    }

    static byte[] gzip(String text) {
        return gzip(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** The headers of an exporter's request: a bearer token for the monitor audience, as the exporter asks for it, and gzip. */
    static Map<String, String> exporterHeaders(AzureEmulator emulator, String identity) {
        return Map.of("Authorization", "Bearer " + emulator.tokenFor(identity, "https://monitor.azure.com/"), "Content-Encoding", "gzip");
    }
}
