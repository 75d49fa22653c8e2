package io.github.apimoauth.frontend.greeting;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** What each detail level keeps of a trace and of the backend's answer. */
class TraceDetailTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CALLER = """
            {"tenantId":"tenant-1","appId":"client-1","objectId":"object-1","roles":["Backend.Read"],\
            "tokenVersion":"2.0","upn":"someone@example.com"}""";

    private static final OffsetDateTime EXPIRES = OffsetDateTime.parse("2030-01-01T00:00:00Z");

    private static List<TraceHop> trace() {
        return List.of(
                new TraceHop("frontend", null, "token acquired", null, null, "trace-1",
                        new TraceHop.Token("api://backend-1", "2.0", "client-1", "tenant-1", "object-1",
                                List.of("Backend.Read"), EXPIRES),
                        new TraceHop.Key("key-vault", "secret-name-1", "version-1", Boolean.TRUE), null),
                new TraceHop("gateway", 200, "forwarded", null, null, "req-1", null, null, null),
                new TraceHop("backend", 200, "allowed", null, null, "req-1", null, null, JSON.readTree(CALLER)));
    }

    @Test
    void traceWhenFullThenEverythingKept() {
        assertThat(TraceDetail.FULL.trace(trace())).isEqualTo(trace());
        JsonNode answer = JSON.readTree("{\"message\":\"Hello\",\"caller\":" + CALLER + "}");
        assertThat(TraceDetail.FULL.answer(answer)).isEqualTo(answer);
    }

    @Test
    void traceWhenSummaryThenNoIdsSecretNameOrVersion() {
        List<TraceHop> summary = TraceDetail.SUMMARY.trace(trace());

        assertThat(summary.get(0).token()).isEqualTo(new TraceHop.Token(null, "2.0", null, null, null,
                List.of("Backend.Read"), EXPIRES));
        assertThat(summary.get(0).subscriptionKey()).isEqualTo(new TraceHop.Key("key-vault", null, null, Boolean.TRUE));
        assertThat(summary.get(0).correlationId()).isEqualTo("trace-1");
        assertThat(summary.get(1)).isEqualTo(trace().get(1));
        assertThat(summary.get(2).caller()).isEqualTo(JSON.readTree("{\"roles\":[\"Backend.Read\"],\"tokenVersion\":\"2.0\"}"));
        assertThat(JSON.writeValueAsString(summary)).doesNotContain("client-1", "tenant-1", "object-1", "backend-1",
                "secret-name-1", "version-1", "someone@example.com");
    }

    @Test
    void answerWhenSummaryThenCallerKeepsOnlyRolesAndTokenVersion() {
        JsonNode answer = JSON.readTree("{\"message\":\"Hello\",\"caller\":" + CALLER + ",\"correlationId\":\"req-1\"}");

        assertThat(TraceDetail.SUMMARY.answer(answer)).isEqualTo(JSON.readTree("""
                {"message":"Hello","caller":{"roles":["Backend.Read"],"tokenVersion":"2.0"},"correlationId":"req-1"}"""));
        // The answer as the backend sent it is not changed in place.
        assertThat(answer.get("caller").get("appId").asString()).isEqualTo("client-1");
    }

    @Test
    void messageWhenSummaryThenEveryGuidMasked() {
        String denied = "Denied by allowed-applications: application b3116a01-1552-4498-9c17-e9aa271d0487 is not allowed";
        List<TraceHop> refused = List.of(new TraceHop("backend", 403, "denied", denied, null, null, null, null, null));

        assertThat(TraceDetail.SUMMARY.message(denied))
            .isEqualTo("Denied by allowed-applications: application {id} is not allowed");
        assertThat(TraceDetail.SUMMARY.trace(refused).get(0).detail())
            .isEqualTo("Denied by allowed-applications: application {id} is not allowed");
        assertThat(TraceDetail.FULL.message(denied)).isEqualTo(denied);
        assertThat(TraceDetail.SUMMARY.message(null)).isNull();
    }

    @Test
    void answerWhenSummaryAndNoCallerThenUnchanged() {
        JsonNode answer = JSON.readTree("\"plain text\"");
        assertThat(TraceDetail.SUMMARY.answer(answer)).isEqualTo(answer);
    }
}
