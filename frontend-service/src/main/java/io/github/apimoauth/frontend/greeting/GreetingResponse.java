package io.github.apimoauth.frontend.greeting;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A successful call: the backend's answer as it sent it, and the trace of hops that led to it.
 *
 * @param answer the backend's JSON body
 * @param trace the hops, frontend first
 */
record GreetingResponse(JsonNode answer, List<TraceHop> trace) {
}
