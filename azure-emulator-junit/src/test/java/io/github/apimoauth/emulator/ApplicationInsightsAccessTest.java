package io.github.apimoauth.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.admin.Faults;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;

import static io.github.apimoauth.emulator.TelemetryRequests.exporterHeaders;
import static io.github.apimoauth.emulator.TelemetryRequests.gzip;
import static io.github.apimoauth.emulator.TelemetryRequests.metricEnvelope;
import static io.github.apimoauth.emulator.TelemetryRequests.trackUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may send telemetry: the component has local authentication disabled, so only an Entra token for Azure Monitor
 * counts, and its principal must hold Monitoring Metrics Publisher. Every refusal keeps Breeze's JSON shape.
 */
@ExtendWith(AzureEmulatorExtension.class)
class ApplicationInsightsAccessTest {

    private final AzureEmulator emulator;

    private final RawHttp http;

    private final String track;

    private final byte[] batch;

    ApplicationInsightsAccessTest(AzureEmulator emulator) {
        this.emulator = emulator;
        this.http = new RawHttp(emulator);
        this.track = trackUrl(emulator, "v2.1/track");
        this.batch = gzip(metricEnvelope(TelemetryRequests.instrumentationKey(emulator), "access.metric", 1));
    }

    @BeforeEach
    void clear() {
        emulator.clearTelemetry();
    }

    @AfterEach
    void restore() {
        emulator.applicationInsightsRoles().remove("intruder", null);
        emulator.clearFaults();
    }

    @Test
    void trackWhenNoTokenThen401WithChallengeAndBreezeBody() {
        RawHttp.Response r = http.sendBytes("POST", track, Map.of("Content-Encoding", "gzip"), batch);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer authorization=\"" + emulator.authorityHost() + "/"
                + emulator.tenantId("home") + "\", resource=\"https://monitor.azure.com\"");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json()).containsEntry("itemsReceived", 0L).containsEntry("itemsAccepted", 0L);
        assertThat(error(r)).containsEntry("index", 0L).containsEntry("statusCode", 401L);
        assertThat((String) error(r).get("message")).startsWith("Authorization required").contains("DisableLocalAuth")
            .contains("https://monitor.azure.com//.default");
        assertThat(emulator.telemetry()).isEmpty();
    }

    @Test
    void trackWhenInstrumentationKeyAuthorizationOnlyThen401() {
        RawHttp.Response r = http.sendBytes("POST", track, Map.of("Content-Encoding", "gzip", "Authorization", "InstrumentationKey x"),
                batch);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer authorization=");
        assertThat((String) error(r).get("message")).startsWith("Authorization required");
    }

    @Test
    void trackWhenTokenForAnotherAudienceThen401InvalidTokenNamingTheAudience() {
        RawHttp.Response r = http.sendBytes("POST", track, Map.of("Content-Encoding", "gzip", "Authorization",
                "Bearer " + emulator.tokenFor("gateway", "https://vault.azure.net")), batch);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer authorization=").endsWith(", error=\"invalid_token\"");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json()).containsEntry("itemsReceived", 0L).containsEntry("itemsAccepted", 0L);
        assertThat(error(r)).containsEntry("statusCode", 401L);
        assertThat((String) error(r).get("message")).contains("audience is not Azure Monitor")
            .contains("https://monitor.azure.com//.default");
        assertThat(emulator.telemetry()).isEmpty();
    }

    @Test
    void trackWhenTokenFromAnotherTenantOrMalformedThen401NamingTheCheck() {
        RawHttp.Response foreign = http.sendBytes("POST", track, exporterHeaders(emulator, "foreign"), batch);
        RawHttp.Response garbage = http.sendBytes("POST", track, Map.of("Content-Encoding", "gzip", "Authorization", "Bearer x.y.z"), batch);

        assertThat(foreign.status()).isEqualTo(401);
        assertThat(foreign.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat((String) error(foreign).get("message")).contains("issuer").contains(emulator.issuer("home", 1));
        assertThat(garbage.status()).isEqualTo(401);
        assertThat(garbage.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat((String) error(garbage).get("message")).contains("malformed");
    }

    @Test
    void trackWhenPrincipalLacksPublisherRoleThen403UntilTheAdminApiAssignsIt() {
        String roles = emulator.authorityHost() + "/_emulator/application-insights/role-assignments";

        RawHttp.Response denied = http.sendBytes("POST", track, exporterHeaders(emulator, "intruder"), batch);
        RawHttp.Response assigned = http.send("POST", roles, Map.of("Content-Type", "application/json"), "{\"principal\":\"intruder\"}");
        RawHttp.Response allowed = http.sendBytes("POST", track, exporterHeaders(emulator, "intruder"), batch);
        RawHttp.Response removed = http.send("DELETE", roles + "?principal=intruder", Map.of(), null);
        RawHttp.Response deniedAgain = http.sendBytes("POST", track, exporterHeaders(emulator, "intruder"), batch);

        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.header("WWW-Authenticate")).isNull();
        assertThat(denied.header("Content-Type")).startsWith("application/json");
        assertThat(denied.json()).containsEntry("itemsReceived", 0L).containsEntry("itemsAccepted", 0L);
        assertThat(error(denied)).containsEntry("statusCode", 403L);
        assertThat((String) error(denied).get("message")).contains(emulator.identity("intruder").objectId())
            .contains("Monitoring Metrics Publisher");
        assertThat(assigned.json()).containsEntry("principalObjectId", emulator.identity("intruder").objectId())
            .containsEntry("role", "Monitoring Metrics Publisher");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(removed.json()).containsEntry("removed", true);
        assertThat(deniedAgain.status()).isEqualTo(403);
        assertThat(emulator.telemetry()).hasSize(1);
    }

    @Test
    void roleAssignmentsWhenDefaultConfigurationThenTheThreeServicesPublish() {
        RawHttp.Response r = http.get(emulator.authorityHost() + "/_emulator/application-insights/role-assignments", Map.of());

        assertThat(r.jsonArray()).hasSize(3).asString().contains(emulator.identity("frontend").objectId(),
                emulator.identity("gateway").objectId(), emulator.identity("backend").objectId());
        assertThat(http.send("POST", emulator.authorityHost() + "/_emulator/application-insights/role-assignments",
                Map.of("Content-Type", "application/json"), "{\"principal\":\"intruder\",\"role\":\"Owner\"}").status()).isEqualTo(400);
    }

    @Test
    void trackWhenOnTheHttpPortThenNotFoundNamingTheHttpsEndpoint() {
        RawHttp.Response r = http.sendBytes("POST", emulator.authorityHost() + "/v2.1/track", exporterHeaders(emulator, "gateway"), batch);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.body()).contains("\"NotFound\"").contains("Application Insights ingestion is served over HTTPS at " + emulator.vaultUrl());
        assertThat(emulator.telemetry()).isEmpty();
    }

    @Test
    void adminWhenHttpsPortThenNotFoundAndIngestionNamedAmongItsServices() {
        RawHttp.Response r = http.get(emulator.vaultUrl() + "/_emulator/telemetry", Map.of());

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).contains("Key Vault, App Configuration and Application Insights ingestion only");
    }

    @Test
    void trackWhenIngestionFaultInjectedThen503AndAfterwardsAccepted() {
        emulator.fault(Faults.Target.APPLICATION_INSIGHTS, Faults.Mode.UNAVAILABLE, Duration.ofSeconds(30));

        RawHttp.Response down = http.sendBytes("POST", track, exporterHeaders(emulator, "gateway"), batch);
        emulator.clearFaults();
        RawHttp.Response up = http.sendBytes("POST", track, exporterHeaders(emulator, "gateway"), batch);

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.header("Content-Type")).startsWith("application/json");
        assertThat(down.body()).contains("Emulated outage of APPLICATION_INSIGHTS");
        assertThat(up.status()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(RawHttp.Response r) {
        List<Object> errors = (List<Object>) r.json().get("errors");
        assertThat(errors).hasSize(1);
        return (Map<String, Object>) errors.get(0);
    }
}
