package io.github.apimoauth.frontend.greeting;

/**
 * The body of {@code POST /api/greeting}, forwarded as is once valid.
 *
 * @param name who to greet
 */
record GreetingInput(@GreetingName String name) {
}
