package io.github.apimoauth.gateway.ratelimit;

import io.github.apimoauth.entra.EntraCaller;
import io.github.apimoauth.gateway.policy.Callers;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rate limiter and its key: the calling application (azp, else appid) of the token the token policy validated.
 * Defining both also turns on SCG's RequestRateLimiter filter with them, in place of the Redis one.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    CallerRateLimiter callerRateLimiter() {
        return new CallerRateLimiter();
    }

    /** Empty when no token policy ran before: the limiter then refuses rather than sharing one anonymous bucket. */
    @Bean
    KeyResolver callingApplicationKeyResolver() {
        return exchange -> Mono.justOrEmpty(Callers.of(exchange).map(EntraCaller::appId));
    }
}
