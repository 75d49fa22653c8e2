package io.github.apimoauth.frontend.ratelimit;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The rate limit per client address, in front of everything but the health endpoints: a token bucket per address
 * that holds {@code requestsPerPeriod} requests and refills evenly over {@code period}.
 *
 * @param requestsPerPeriod requests one client address may make per period, all at once or spread out
 * @param period the time an empty bucket takes to fill again; also how long an idle address is remembered
 * @param trustedProxies proxies in front of this service that each append the address they saw to X-Forwarded-For:
 * 0 takes the connection's peer and ignores the header (local runs, compose); 1 behind the Container Apps ingress, whose
 * entry is the right-most one. Entries left of the trusted ones are the client's to write, so never used
 * @param maxAddresses most client addresses remembered at once, which bounds the memory; past it, the least used are
 * forgotten first and start again with a full bucket
 */
@Validated
@ConfigurationProperties("frontend.rate-limit")
record RateLimitProperties(@Min(1) long requestsPerPeriod,
        @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 24) Duration period, @Min(0) @Max(5) int trustedProxies,
        @Min(1) @Max(10_000_000) int maxAddresses) {
}
