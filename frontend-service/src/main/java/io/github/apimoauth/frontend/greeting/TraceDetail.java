package io.github.apimoauth.frontend.greeting;

import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How much an answer says about who called whom with what. {@link #SUMMARY} is what a public endpoint may show anyone:
 * each hop and its decision, the token's version, roles and expiry, and where the key came from; no tenant,
 * object or client id (the backend's app id is one, in the token's resource) and no secret name or version. It applies
 * to every answer, refusals included, to the caller the backend reports in its own answer, and to the hops' messages,
 * where a refusal may name an id ("application {client id} is not allowed"): every GUID in them is masked.
 */
enum TraceDetail {

    /** Every id, the secret's name and version: for local runs, where they explain what happened. */
    FULL,

    /** No tenant, object or client id, no secret name or version: the default, and what infra/ sets. */
    SUMMARY;

    /** What a summary keeps of the caller a backend reports: kept by name, so a field the backend adds stays out. */
    private static final List<String> CALLER_SUMMARY = List.of("roles", "tokenVersion");

    /** Entra's tenant, object, client and app ids are all GUIDs. */
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final String MASK = "{id}";

    List<TraceHop> trace(List<TraceHop> hops) {
        return this == FULL ? List.copyOf(hops) : hops.stream().map(TraceDetail::summary).toList();
    }

    /** A hop's own message, for a refusal's {@code detail}; null stays null. */
    String message(String message) {
        return this == FULL || message == null ? message : GUID.matcher(message).replaceAll(MASK);
    }

    /** The backend's answer, with its {@code caller} cut to the summary's fields in summary mode. */
    JsonNode answer(JsonNode answer) {
        if (this == FULL || !(answer instanceof ObjectNode object) || !object.has("caller")) {
            return answer;
        }
        ObjectNode copy = object.deepCopy();
        copy.set("caller", caller(object.get("caller")));
        return copy;
    }

    private static TraceHop summary(TraceHop hop) {
        TraceHop.Token token = hop.token() == null ? null : new TraceHop.Token(null, hop.token().version(), null, null,
                null, hop.token().roles(), hop.token().expiresOn());
        TraceHop.Key key = hop.subscriptionKey() == null ? null
                : new TraceHop.Key(hop.subscriptionKey().source(), null, null, hop.subscriptionKey().reloaded());
        return new TraceHop(hop.hop(), hop.status(), hop.decision(), SUMMARY.message(hop.detail()), hop.attempt(),
                hop.correlationId(), token, key, hop.caller() == null ? null : caller(hop.caller()));
    }

    private static JsonNode caller(JsonNode caller) {
        if (!(caller instanceof ObjectNode object)) {
            return null;
        }
        ObjectNode kept = object.objectNode();
        CALLER_SUMMARY.stream().filter(object::has).forEach(name -> kept.set(name, object.get(name).deepCopy()));
        return kept;
    }
}
