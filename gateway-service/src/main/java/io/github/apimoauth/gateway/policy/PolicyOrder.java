package io.github.apimoauth.gateway.policy;

import org.springframework.core.Ordered;

/**
 * The fixed order of the policies on a route, whatever order the YAML lists them in: correlation, request guard,
 * subscription key, token (then client application, claims and roles), rate limit, backend key, forward. A route that
 * forgets the order in its YAML still checks in this one. All run before Spring Cloud Gateway's own filters
 * (StripPrefix and friends get their list index, 1, 2, …) so the policies see the path the client sent.
 */
public final class PolicyOrder {

    /** Correlation runs first so every response, a denial included, carries the ids. */
    public static final int CORRELATION = Ordered.HIGHEST_PRECEDENCE + 100;

    /** The request guard next, so no policy judges a path or headers that the forward would change. */
    public static final int REQUEST_GUARD = Ordered.HIGHEST_PRECEDENCE + 200;

    public static final int SUBSCRIPTION_KEY = -500;

    public static final int TOKEN = -400;

    public static final int RATE_LIMIT = -300;

    public static final int BACKEND_KEY = -200;

    private PolicyOrder() {
    }
}
