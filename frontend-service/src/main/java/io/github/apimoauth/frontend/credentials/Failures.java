package io.github.apimoauth.frontend.credentials;

/**
 * One log-safe line about an SDK failure: the first line of its message and the innermost cause's type. Azure SDK
 * messages can run to pages of chained credential attempts. They never hold a token: none was issued.
 */
final class Failures {

    private static final int MAX = 240;

    private Failures() {
    }

    static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage().lines().findFirst().orElse("");
        if (message.length() > MAX) {
            message = message.substring(0, MAX) + "…";
        }
        return failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message)
                + (root == failure ? "" : " (cause: " + root.getClass().getSimpleName() + ")");
    }
}
