package io.github.apimoauth.emulator.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.counters.Counters;
import io.github.apimoauth.emulator.web.ApiException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Application Insights' ingestion endpoint (Breeze), as azure-monitor-opentelemetry-autoconfigure 1.2.0 calls it:
 * {@code POST {IngestionEndpoint}v2.1/track} with gzipped, newline-delimited envelopes and no Content-Type. The caller
 * is authenticated and authorized already ({@link IngestionAuthenticationFilter}). The answer is 200 when every item is
 * accepted, 206 with the refused items' indexes when some are, 400 when none is.
 */
@RestController
class TrackController {

    private final EnvelopeBatches batches;

    private final TelemetryStore store;

    private final Counters counters;

    private final int maxRequestBytes;

    private final long maxDecompressedBytes;

    TrackController(EnvelopeBatches batches, TelemetryStore store, Counters counters, EmulatorProperties emulator,
            ApplicationInsightsProperties properties) {
        this.batches = batches;
        this.store = store;
        this.counters = counters;
        this.maxRequestBytes = (int) Math.min(Integer.MAX_VALUE, emulator.getMaxRequestSize().toBytes());
        this.maxDecompressedBytes = properties.getMaxDecompressedSize().toBytes();
        if (maxDecompressedBytes < 1024) {
            throw new IllegalStateException("emulator.application-insights.max-decompressed-size must be at least 1KB");
        }
    }

    @PostMapping({ "/v2.1/track", "/v2/track" })
    Mono<ResponseEntity<Map<String, Object>>> track(ServerWebExchange exchange) {
        String encoding = exchange.getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING);
        // Read here rather than through a codec: a chunked body over the limit gets Breeze's 413, not the generic one.
        return DataBufferUtils.join(exchange.getRequest().getBody(), maxRequestBytes)
            .map(buffer -> {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                DataBufferUtils.release(buffer);
                return bytes;
            })
            .defaultIfEmpty(new byte[0])
            .onErrorMap(DataBufferLimitException.class, ex -> BreezeResponses.refusal(HttpStatus.CONTENT_TOO_LARGE, 0,
                    "The request body is larger than " + maxRequestBytes + " bytes (emulator.max-request-size)."))
            // Inflating and parsing on the event loop: bounded CPU work (a few ms for max-decompressed-size), no I/O.
            .map(bytes -> ingest(batches.read(IngestionBodies.decode(bytes, encoding, maxDecompressedBytes))))
            .doOnError(ApiException.class, ex -> counters.applicationInsightsRequest(ex.status().value()));
    }

    private ResponseEntity<Map<String, Object>> ingest(EnvelopeBatches.Batch batch) {
        store.add(batch.accepted());
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (JsonNode envelope : batch.accepted()) {
            byName.merge(envelope.get("name").stringValue(), 1, Integer::sum);
        }
        byName.forEach(counters::applicationInsightsItems);
        int accepted = batch.accepted().size();
        HttpStatus status = accepted == batch.received() ? HttpStatus.OK
                : accepted == 0 ? HttpStatus.BAD_REQUEST : HttpStatus.PARTIAL_CONTENT;
        counters.applicationInsightsRequest(status.value());
        return ResponseEntity.status(status).body(BreezeResponses.body(batch.received(), accepted, batch.errors()));
    }
}
