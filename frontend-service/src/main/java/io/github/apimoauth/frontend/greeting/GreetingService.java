package io.github.apimoauth.frontend.greeting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.tracing.Tracer;
import tools.jackson.databind.json.JsonMapper;

import io.github.apimoauth.frontend.credentials.BackendToken;
import io.github.apimoauth.frontend.credentials.BackendTokenProvider;
import io.github.apimoauth.frontend.credentials.SubscriptionKey;
import io.github.apimoauth.frontend.credentials.SubscriptionKeyStore;
import io.github.apimoauth.frontend.gateway.GatewayClient;
import io.github.apimoauth.frontend.gateway.GatewayReply;
import io.github.apimoauth.frontend.gateway.GatewayRequest;
import io.github.apimoauth.frontend.gateway.GatewayTransportException;
import io.github.apimoauth.azure.telemetry.TraceIds;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * One greeting through the chain: token, key, gateway call, and the trace of what each hop did. The only retry is
 * for a GET the gateway refused with "invalid subscription key", after a key reload: that is how a rotation reaches
 * this service before the background refresh does. A POST is never sent twice. The trace is built in full and cut to
 * the configured {@link TraceDetail} where it leaves, in an answer or a refusal.
 */
@Service
class GreetingService {

    private final BackendTokenProvider tokens;

    private final SubscriptionKeyStore keys;

    private final GatewayClient gateway;

    private final JsonMapper json;

    private final ReplyReader reader;

    private final TraceDetail detail;

    private final Tracer tracer;

    private final GatewayCallMeters calls;

    GreetingService(BackendTokenProvider tokens, SubscriptionKeyStore keys, GatewayClient gateway, JsonMapper json,
            TraceProperties trace, Tracer tracer, GatewayCallMeters calls) {
        this.tokens = tokens;
        this.keys = keys;
        this.gateway = gateway;
        this.json = json;
        this.reader = new ReplyReader(json);
        this.detail = trace.detail();
        this.tracer = tracer;
        this.calls = calls;
    }

    GreetingResponse get(String name) {
        return call(GatewayRequest.get(Map.of("name", name)));
    }

    GreetingResponse post(GreetingInput input) {
        return call(GatewayRequest.post(json.writeValueAsBytes(input)));
    }

    private GreetingResponse call(GatewayRequest request) {
        BackendToken token = tokens.token();
        SubscriptionKey key = keys.current();
        // The trace Boot's server observation opened (or continued): the one the gateway call carries, and every hop logs.
        String traceId = TraceIds.current(tracer);
        List<TraceHop> trace = new ArrayList<>();
        trace.add(frontendHop(token, key, traceId));
        Integer attempt = null;
        GatewayReply reply = send(request, token, key, trace, null);
        if (ReplyReader.invalidSubscriptionKey(reply)) {
            Optional<SubscriptionKey> reloaded = keys.reloadAfterRejection(key);
            if (reloaded.isPresent() && request.idempotent()) {
                trace.addAll(reader.read(reply, 1, token.value(), key.value()).hops());
                key = reloaded.get();
                trace.set(0, frontendHop(token, key, traceId));
                attempt = 2;
                reply = send(request, token, key, trace, attempt);
            }
        }
        ReplyReader.Reading reading = reader.read(reply, attempt, token.value(), key.value());
        trace.addAll(reading.hops());
        if (reply.successful()) {
            return new GreetingResponse(detail.answer(reading.body()), detail.trace(trace));
        }
        throw reader.refusal(reply, reading, trace, detail);
    }

    private GatewayReply send(GatewayRequest request, BackendToken token, SubscriptionKey key, List<TraceHop> trace,
            Integer attempt) {
        try {
            GatewayReply reply = gateway.greeting(request, token, key);
            calls.answered(reply.status());
            return reply;
        }
        catch (GatewayTransportException ex) {
            boolean timeout = ex.kind() == GatewayTransportException.Kind.TIMEOUT;
            calls.noAnswer(timeout);
            trace.add(new TraceHop("gateway", null, timeout ? "no answer in time" : "unreachable", null, attempt, null,
                    null, null, null));
            HttpStatus status = timeout ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
            String error = timeout ? "gateway did not answer in time" : "gateway unreachable";
            throw new DownstreamRefusalException(status,
                    new ApiError(error, null, null, null, detail.trace(trace)), null);
        }
    }

    private static TraceHop frontendHop(BackendToken token, SubscriptionKey key, String traceId) {
        BackendToken.Claims claims = token.claims();
        TraceHop.Token tokenFacts = new TraceHop.Token(token.resource(), claims.version(), claims.appId(),
                claims.tenantId(), claims.objectId(), claims.roles(), token.expiresAt());
        TraceHop.Key keyFacts = new TraceHop.Key("key-vault", key.secretName(), key.version(),
                key.reloaded() ? Boolean.TRUE : null);
        return new TraceHop("frontend", null, "token acquired", null, null, traceId, tokenFacts, keyFacts, null);
    }
}
