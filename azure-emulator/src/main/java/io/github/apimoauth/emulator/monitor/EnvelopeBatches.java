package io.github.apimoauth.emulator.monitor;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A track body's telemetry envelopes, each checked on its own as Breeze does: newline-delimited JSON (what the exporter
 * sends) or one JSON array. An envelope must be an object with a name, an ISO 8601 time, the component's iKey and
 * data.baseType; a refused one is reported by its index and the others are still accepted.
 */
@Component
class EnvelopeBatches {

    /** What a body held: how many items, the accepted envelopes, and one error per refused item. */
    record Batch(int received, List<JsonNode> accepted, List<Map<String, Object>> errors) {
    }

    private final ObjectReader reader;

    private final ApplicationInsightsComponent component;

    EnvelopeBatches(JsonMapper jsonMapper, ApplicationInsightsComponent component) {
        // "{…} x" on one line is not an envelope: nothing may follow the value.
        this.reader = jsonMapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.component = component;
    }

    /** Reads and checks every item; a body with no item, or an array that is not JSON, is refused whole with 400. */
    Batch read(String body) {
        List<JsonNode> items = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        if (body.stripLeading().startsWith("[")) {
            JsonNode array = parse(body);
            if (array == null || !array.isArray()) {
                throw BreezeResponses.refusal(HttpStatus.BAD_REQUEST, 0,
                        "The body is not valid JSON: send one envelope per line, or a JSON array of envelopes.");
            }
            array.forEach(items::add);
        }
        else {
            for (String line : body.split("\n")) {
                if (!line.isBlank()) {
                    JsonNode item = parse(line);
                    if (item == null) {
                        errors.add(BreezeResponses.error(items.size(), 400, "Invalid JSON: the item could not be parsed."));
                    }
                    items.add(item);
                }
            }
        }
        if (items.isEmpty()) {
            throw BreezeResponses.refusal(HttpStatus.BAD_REQUEST, 0, "The body holds no telemetry items.");
        }
        List<JsonNode> accepted = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            JsonNode item = items.get(index);
            if (item == null) {
                continue;
            }
            String problem = problem(item);
            if (problem == null) {
                accepted.add(item);
            }
            else {
                errors.add(BreezeResponses.error(index, 400, problem));
            }
        }
        errors.sort(Comparator.comparingInt(e -> (Integer) e.get("index")));
        return new Batch(items.size(), accepted, errors);
    }

    private JsonNode parse(String json) {
        try {
            return reader.readTree(json);
        }
        catch (JacksonException ex) {
            return null;
        }
    }

    /** Why Breeze would refuse the envelope, in its wording; null when it is acceptable. */
    private String problem(JsonNode envelope) {
        if (!envelope.isObject()) {
            return "The item is not a JSON object: an envelope is an object with name, time, iKey and data.";
        }
        if (!text(envelope.get("iKey"))) {
            return required("iKey", "Envelope");
        }
        if (!component.isInstrumentationKey(envelope.get("iKey").stringValue())) {
            return BreezeResponses.INVALID_INSTRUMENTATION_KEY;
        }
        if (!text(envelope.get("name"))) {
            return required("name", "Envelope");
        }
        if (!text(envelope.get("time"))) {
            return required("time", "Envelope");
        }
        try {
            OffsetDateTime.parse(envelope.get("time").stringValue());
        }
        catch (DateTimeParseException ex) {
            return "Field 'time' on type Envelope is not an ISO 8601 date-time with an offset, such as 2025-01-01T00:00:00.000Z.";
        }
        JsonNode data = envelope.get("data");
        if (data == null || !data.isObject()) {
            return required("data", "Envelope");
        }
        return text(data.get("baseType")) ? null : required("baseType", "Data");
    }

    private static boolean text(JsonNode node) {
        return node != null && node.isString() && !node.stringValue().isBlank();
    }

    private static String required(String field, String type) {
        return "Field '" + field + "' on type " + type + " is required but missing or empty.";
    }
}
