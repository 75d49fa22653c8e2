package io.github.apimoauth.frontend.gateway;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway the frontend calls, and how long it waits for it. The URL has no default outside the {@code local}
 * profile.
 *
 * @param url base URL of the API on the gateway (GATEWAY_URL), for example http://localhost:8081/backend
 * @param greetingPath path of the greeting operation under that URL
 * @param connectTimeout how long to wait for a TCP connection to the gateway
 * @param readTimeout how long to wait for the gateway's response once connected
 * @param maxResponseSize largest response body read from the gateway; anything longer is cut
 * @param maxConnections most keep-alive connections to the gateway at once: one per concurrent call, reused after it
 */
@Validated
@ConfigurationProperties("frontend.gateway")
record GatewayProperties(@NotNull(message = "is required: set GATEWAY_URL") URI url, @NotBlank String greetingPath, @NotNull Duration connectTimeout,
        @NotNull Duration readTimeout, @NotNull DataSize maxResponseSize, @Min(1) @Max(10_000) int maxConnections) {
}
