package io.github.apimoauth.frontend;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/** Answers the stub gateway gives, shaped like APIM's and the backend's. */
public final class GatewayStubs {

    public static final String PATH = "/backend/api/greeting";

    public static final String INVALID_KEY = "Access denied due to invalid subscription key. "
            + "Make sure to provide a valid key for an active subscription.";

    private GatewayStubs() {
    }

    public static ResponseDefinitionBuilder backendGreeting(String name) {
        return aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withHeader("x-request-id", "req-42")
            .withBody("""
                    {"message":"Hello, %s!","caller":{"tenantId":"t","appId":"a","objectId":"o",\
                    "roles":["Backend.Read"],"tokenVersion":"2.0"},"correlationId":"req-42"}""".formatted(name));
    }

    /** APIM's body shape: {"statusCode":…,"message":…}. */
    public static ResponseDefinitionBuilder apim(int status, String message) {
        return aResponse().withStatus(status)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"statusCode\":" + status + ",\"message\":\"" + message + "\"}");
    }
}
