package io.github.apimoauth.frontend.credentials;

/**
 * A credential dependency could not be reached and nothing cached is still valid. The message names what failed
 * and never carries a token, a key or a dependency's response body.
 */
public class DependencyUnavailableException extends RuntimeException {

    /** The dependencies a caller can be told about. */
    public enum Dependency {
        MANAGED_IDENTITY("managed-identity"), KEY_VAULT("key-vault");

        private final String id;

        Dependency(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final Dependency dependency;

    public DependencyUnavailableException(Dependency dependency, String message, Throwable cause) {
        super(message, cause);
        this.dependency = dependency;
    }

    public Dependency dependency() {
        return dependency;
    }
}
