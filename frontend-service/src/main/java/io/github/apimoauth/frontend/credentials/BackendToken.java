package io.github.apimoauth.frontend.credentials;

import java.time.OffsetDateTime;
import java.util.List;

import io.github.apimoauth.azure.Fingerprint;

/**
 * An access token for the backend API and what its claims say, decoded without validation: the gateway and the
 * backend validate it, the frontend only reports it. {@link #toString()} never prints the token.
 *
 * @param value the bearer token, for the Authorization header only
 * @param fingerprint what log lines show of it, computed once: every call's line carries it, and hashing the 1.5 KB
 *     token per call was 3% of the frontend's CPU under load
 * @param resource the resource it was requested for
 * @param expiresAt expiry as reported by azure-identity
 * @param claims what the trace shows of it
 */
public record BackendToken(String value, String fingerprint, String resource, OffsetDateTime expiresAt,
        Claims claims) {

    public BackendToken(String value, String resource, OffsetDateTime expiresAt, Claims claims) {
        this(value, Fingerprint.of(value), resource, expiresAt, claims);
    }

    /** The claims worth showing; any of them is null when the token does not carry it. */
    public record Claims(String version, String appId, String tenantId, String objectId, List<String> roles) {
    }

    @Override
    public String toString() {
        return "BackendToken[resource=" + resource + ", expiresAt=" + expiresAt + ", claims=" + claims + "]";
    }
}
