package io.github.apimoauth.frontend.greeting;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.github.apimoauth.frontend.gateway.GatewayReply;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** Who refused, as read from the reply, and what this service answers with. */
class ReplyReaderTest {

    private final ReplyReader reader = new ReplyReader(JsonMapper.shared());

    @Test
    void readWhenBackendAnswered200ThenGatewayForwardedAndBackendAllowed() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("x-request-id", "4bf92f3577b34da6a3ce929d0e0e4736");
        ReplyReader.Reading reading = reader.read(reply(200, headers, "{\"message\":\"Hi\",\"caller\":{\"appId\":\"a\"}}"), null);

        assertThat(reading.fromGateway()).isFalse();
        assertThat(reading.hops()).extracting(TraceHop::hop, TraceHop::decision)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("gateway", "forwarded"),
                    org.assertj.core.groups.Tuple.tuple("backend", "allowed"));
        assertThat(reading.hops().get(0).correlationId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(reading.hops().get(1).caller().get("appId").asString()).isEqualTo("a");
    }

    @Test
    void readWhenApimShapedRefusalThenOnlyTheGatewayHopWithItsMessage() {
        ReplyReader.Reading reading = reader.read(reply(403, new HttpHeaders(),
                "{\"statusCode\":403,\"message\":\"Access denied.\"}"), null);

        assertThat(reading.fromGateway()).isTrue();
        assertThat(reading.hops()).singleElement().satisfies(hop -> {
            assertThat(hop.decision()).isEqualTo("denied");
            assertThat(hop.detail()).isEqualTo("Access denied.");
        });
    }

    @Test
    void refusalWhenGatewayRejectedTheFrontendsTokenThen502CarryingThe401() {
        GatewayReply reply = reply(401, new HttpHeaders(), "{\"statusCode\":401,\"message\":\"Invalid JWT.\"}");

        DownstreamRefusalException refusal = reader.refusal(reply, reader.read(reply, null), List.of(), TraceDetail.FULL);

        assertThat(refusal.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(refusal.body().hopStatus()).isEqualTo(401);
        assertThat(refusal.body().error()).isEqualTo("gateway denied the call");
    }

    @Test
    void refusalWhenGatewayTimedOutWaitingForBackendThen504() {
        GatewayReply reply = reply(504, new HttpHeaders(), "");

        DownstreamRefusalException refusal = reader.refusal(reply, reader.read(reply, null), List.of(), TraceDetail.FULL);

        assertThat(refusal.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(refusal.body().error()).isEqualTo("gateway got no answer in time");
    }

    @Test
    void readWhenBodyIsNotJsonThenItsTextIsTheDetail() {
        ReplyReader.Reading reading = reader.read(reply(500, new HttpHeaders(), "upstream exploded"), null);

        assertThat(reading.message()).isEqualTo("upstream exploded");
        assertThat(reading.hops()).extracting(TraceHop::hop).containsExactly("gateway", "backend");
    }

    @Test
    void readWhenBodyContainsACredentialThenBodyAndMessageAreWithheld() {
        ReplyReader.Reading reading = reader.read(reply(403, new HttpHeaders(),
                "{\"statusCode\":403,\"message\":\"bad key s3cr3t-key\"}"), null, "token-value", "s3cr3t-key");

        assertThat(reading.body().asString()).isEqualTo("[withheld: the response contained a credential]");
        assertThat(reading.message()).doesNotContain("s3cr3t-key");
    }

    @Test
    void invalidSubscriptionKeyWhenApimMessageThenTrueOnlyFor401() {
        String body = "{\"statusCode\":401,\"message\":\"Access denied due to invalid subscription key. Make sure...\"}";
        assertThat(ReplyReader.invalidSubscriptionKey(reply(401, new HttpHeaders(), body))).isTrue();
        assertThat(ReplyReader.invalidSubscriptionKey(reply(403, new HttpHeaders(), body))).isFalse();
        assertThat(ReplyReader.invalidSubscriptionKey(reply(401, new HttpHeaders(),
                "{\"statusCode\":401,\"message\":\"Access denied due to missing subscription key.\"}"))).isFalse();
    }

    private static GatewayReply reply(int status, HttpHeaders headers, String body) {
        return new GatewayReply(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
