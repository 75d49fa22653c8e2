package io.github.apimoauth.emulator;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;

import static io.github.apimoauth.emulator.TelemetryRequests.METRIC;
import static io.github.apimoauth.emulator.TelemetryRequests.exporterHeaders;
import static io.github.apimoauth.emulator.TelemetryRequests.gzip;
import static io.github.apimoauth.emulator.TelemetryRequests.metricEnvelope;
import static io.github.apimoauth.emulator.TelemetryRequests.trackUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the ingestion endpoint does with a body, from an authorized publisher: gzip or plain, newline-delimited or an
 * array, each envelope checked on its own, the accepted ones stored for the admin API and the test harness.
 */
@ExtendWith(AzureEmulatorExtension.class)
class ApplicationInsightsIngestionTest {

    private final AzureEmulator emulator;

    private final RawHttp http;

    private final String iKey;

    private final String track;

    ApplicationInsightsIngestionTest(AzureEmulator emulator) {
        this.emulator = emulator;
        this.http = new RawHttp(emulator);
        this.iKey = TelemetryRequests.instrumentationKey(emulator);
        this.track = trackUrl(emulator, "v2.1/track");
    }

    @BeforeEach
    void clear() {
        emulator.clearTelemetry();
        emulator.resetCounters();
    }

    @Test
    void connectionStringWhenReadThenInstrumentationKeyAndTheHttpsListenerWithTrailingSlash() {
        assertThat(emulator.applicationInsightsConnectionString())
            .isEqualTo("InstrumentationKey=" + iKey + ";IngestionEndpoint=" + emulator.vaultUrl() + "/");
        assertThat(iKey).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void trackWhenGzipNdjsonBatchFromPublisherThenAcceptedStoredAndListedByAdminApi() {
        String body = metricEnvelope(iKey, "ingest.requests", 3) + "\n" + metricEnvelope(iKey, "ingest.latency", 0.25);

        RawHttp.Response r = http.sendBytes("POST", track, exporterHeaders(emulator, "gateway"), gzip(body));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json()).containsEntry("itemsReceived", 2L).containsEntry("itemsAccepted", 2L).containsEntry("errors", List.of());
        assertThat(emulator.telemetry()).hasSize(2).allSatisfy(envelope -> assertThat(envelope).containsEntry("name", METRIC)
            .containsEntry("iKey", iKey).containsKeys("time", "tags", "data"));
        RawHttp.Response all = http.get(emulator.authorityHost() + "/_emulator/telemetry", Map.of());
        RawHttp.Response byMetric = http.get(emulator.authorityHost() + "/_emulator/telemetry?metric=ingest.latency", Map.of());
        RawHttp.Response byName = http.get(emulator.authorityHost() + "/_emulator/telemetry?name=Request",
                Map.of());
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.jsonArray()).hasSize(2);
        assertThat(byMetric.jsonArray()).singleElement().asString().contains("ingest.latency").contains("0.25");
        assertThat(byName.jsonArray()).isEmpty();
        assertThat(emulator.counters()).containsEntry("applicationInsightsRequests", Map.of("200", 1L))
            .containsEntry("applicationInsightsItems", Map.of(METRIC, 2L));
    }

    @Test
    void clearWhenTelemetryStoredThenAdminDeleteEmptiesIt() {
        http.sendBytes("POST", track, exporterHeaders(emulator, "backend"), gzip(metricEnvelope(iKey, "ingest.cleared", 1)));

        RawHttp.Response cleared = http.send("DELETE", emulator.authorityHost() + "/_emulator/telemetry", Map.of(), null);

        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json()).containsEntry("cleared", 1L);
        assertThat(emulator.telemetry()).isEmpty();
    }

    @Test
    void trackWhenPlainJsonArrayOnTheV2PathThenAccepted() {
        String body = "[" + metricEnvelope(iKey, "ingest.v2", 1) + "]";

        RawHttp.Response r = http.sendBytes("POST", trackUrl(emulator, "v2/track"),
                Map.of("Authorization", "Bearer " + emulator.tokenFor("frontend", "https://monitor.azure.com")), body.getBytes());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).containsEntry("itemsReceived", 1L).containsEntry("itemsAccepted", 1L);
        assertThat(emulator.telemetry()).singleElement().asString().contains("ingest.v2");
    }

    @Test
    void trackWhenOneEnvelopeHasAnotherIKeyThen206RefusingThatIndexOnly() {
        String body = metricEnvelope(iKey, "ingest.partial", 1) + "\n" + metricEnvelope("00000000-0000-0000-0000-000000000000",
                "ingest.partial", 2) + "\n" + metricEnvelope(iKey, "ingest.partial", 3).replace("\"baseType\":\"MetricData\",", "");

        RawHttp.Response r = http.sendBytes("POST", track, exporterHeaders(emulator, "gateway"), gzip(body));

        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json()).containsEntry("itemsReceived", 3L).containsEntry("itemsAccepted", 1L).containsEntry("errors", List.of(
                Map.of("index", 1L, "statusCode", 400L, "message", "Invalid instrumentation key"),
                Map.of("index", 2L, "statusCode", 400L, "message", "Field 'baseType' on type Data is required but missing or empty.")));
        assertThat(emulator.telemetry()).singleElement().asString().contains("value=1.0");
    }

    @Test
    void trackWhenEveryEnvelopeHasAnotherIKeyThen400() {
        String body = metricEnvelope("00000000-0000-0000-0000-000000000000", "ingest.wrong", 1);

        RawHttp.Response r = http.sendBytes("POST", track, exporterHeaders(emulator, "gateway"), gzip(body));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json()).containsEntry("itemsReceived", 1L).containsEntry("itemsAccepted", 0L)
            .containsEntry("errors", List.of(Map.of("index", 0L, "statusCode", 400L, "message", "Invalid instrumentation key")));
        assertThat(emulator.telemetry()).isEmpty();
    }

    @Test
    void trackWhenBodyIsMalformedThen400WithBreezeErrors() {
        RawHttp.Response notJson = http.sendBytes("POST", track, exporterHeaders(emulator, "gateway"), gzip("{not json"));
        RawHttp.Response brokenArray = http.sendBytes("POST", track, exporterHeaders(emulator, "gateway"), gzip("[{\"name\":"));
        RawHttp.Response notGzip = http.sendBytes("POST", track, exporterHeaders(emulator, "gateway"), "plain".getBytes());
        RawHttp.Response empty = http.sendBytes("POST", track, exporterHeaders(emulator, "gateway"), gzip(""));

        assertThat(List.of(notJson, brokenArray, notGzip, empty)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.json()).containsEntry("itemsAccepted", 0L).containsKey("errors");
        });
        assertThat(notJson.json()).containsEntry("itemsReceived", 1L)
            .containsEntry("errors", List.of(Map.of("index", 0L, "statusCode", 400L, "message", "Invalid JSON: the item could not be parsed.")));
        assertThat(brokenArray.body()).contains("The body is not valid JSON");
        assertThat(notGzip.body()).contains("not valid gzip");
        assertThat(empty.body()).contains("no telemetry items");
        assertThat(emulator.telemetry()).isEmpty();
    }

    @Test
    void trackWhenDecompressedBodyExceedsTheLimitThen413() {
        // 5 MB of spaces inflate from a few KB: within emulator.max-request-size, beyond max-decompressed-size (4 MB).
        byte[] bomb = gzip(" ".repeat(5 * 1024 * 1024) + metricEnvelope(iKey, "ingest.bomb", 1));

        RawHttp.Response r = http.sendBytes("POST", track, exporterHeaders(emulator, "gateway"), bomb);

        assertThat(bomb.length).isLessThan(64 * 1024);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json()).containsEntry("itemsReceived", 0L).containsEntry("itemsAccepted", 0L);
        assertThat(r.body()).contains("\"statusCode\":413").contains("max-decompressed-size");
        assertThat(emulator.telemetry()).isEmpty();
        assertThat(emulator.counters()).containsEntry("applicationInsightsRequests", Map.of("413", 1L));
    }

    @Test
    void trackWhenContentEncodingUnsupportedThen415() {
        Map<String, String> headers = new java.util.HashMap<>(exporterHeaders(emulator, "gateway"));
        headers.put("Content-Encoding", "br");

        RawHttp.Response r = http.sendBytes("POST", track, headers, metricEnvelope(iKey, "ingest.brotli", 1).getBytes());

        assertThat(r.status()).isEqualTo(415);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json()).containsEntry("itemsAccepted", 0L);
        assertThat(r.body()).contains("Content-Encoding 'br' is not supported");
    }

    /** Routing decodes /v2.1/%74rack to /v2.1/track, so the listener split and the authentication must as well. */
    @Test
    void trackWhenPathPercentEncodedThenSameChallengeAndSameHandlerAsThePlainPath() {
        String encoded = trackUrl(emulator, "v2.1/%74rack");

        RawHttp.Response noToken = http.sendBytes("POST", encoded, Map.of("Content-Encoding", "gzip"),
                gzip(metricEnvelope(iKey, "ingest.encoded", 1)));
        RawHttp.Response withToken = http.sendBytes("POST", encoded, exporterHeaders(emulator, "gateway"),
                gzip(metricEnvelope(iKey, "ingest.encoded", 1)));

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.header("WWW-Authenticate")).startsWith("Bearer authorization=");
        assertThat(noToken.json()).containsEntry("itemsAccepted", 0L);
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(emulator.telemetry()).singleElement().asString().contains("ingest.encoded");
    }
}
