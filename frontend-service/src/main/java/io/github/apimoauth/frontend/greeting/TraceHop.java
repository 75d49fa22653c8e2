package io.github.apimoauth.frontend.greeting;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * One hop of the trace. Each hop fills the fields that mean something for it; absent ones are left out of the JSON.
 *
 * @param hop frontend, gateway or backend
 * @param status the HTTP status that hop answered with
 * @param decision what the hop did: token acquired, forwarded, allowed, denied, failed
 * @param detail the hop's own message, when it gave one
 * @param attempt which attempt of the call this was, when there was more than one
 * @param correlationId the trace id the hop used: this request's, which each service's log lines carry
 * @param token what the frontend's token says (never the token)
 * @param subscriptionKey where the subscription key came from (never the key)
 * @param caller the caller as the backend saw it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TraceHop(String hop, Integer status, String decision, String detail, Integer attempt, String correlationId,
        Token token, Key subscriptionKey, JsonNode caller) {

    /** The token's claims, decoded for display. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Token(String resource, String version, String appId, String tenantId, String objectId, List<String> roles,
            OffsetDateTime expiresOn) {
    }

    /** The key's origin and version. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Key(String source, String secretName, String version, Boolean reloaded) {
    }
}
