package io.github.apimoauth.frontend.greeting;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What the answers' trace shows.
 *
 * @param detail {@code full} (every id, the secret's name and version: the {@code local} profile) or {@code summary}
 * (none of them: the default, and infra/'s FRONTEND_TRACE_DETAIL)
 */
@Validated
@ConfigurationProperties("frontend.trace")
record TraceProperties(@NotNull TraceDetail detail) {
}
