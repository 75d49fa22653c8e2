package io.github.apimoauth.azure.appconfig;

import java.util.Optional;

import io.github.apimoauth.entra.policy.CallerPolicy;

/**
 * The caller policy in force, as the gateway and the backend ask for it on every request: read from memory, never
 * waiting on the store. One code path whether a store is configured or not: without one, {@link #embedded()} always
 * answers {@link CallerPolicy#EMPTY}, so each hop's YAML configuration decides alone, as before there was a store.
 * <p>
 * With a store ({@link AppConfigurationPolicyStore}), {@link #current()} is empty until the store has been read once.
 * A hop answers such a request 503, never as if nothing were revoked: a configured store that cannot be read (down,
 * or refusing the service's identity with 401 or 403) must not silently mean "no revocations". Readiness is DOWN in
 * that state, so a load balancer sends no traffic there.
 */
public interface PolicyStore {

    /** The policy in force; empty while a configured store has never been read, which a hop answers with 503. */
    Optional<CallerPolicy> current();

    /** Where the policy stands, for readiness: its version, the store's last answer, stale or malformed. */
    PolicyStatus status();

    /** No store: the embedded empty policy, always in force, and the YAML configuration decides alone. */
    static PolicyStore embedded() {
        return EmbeddedPolicy.INSTANCE;
    }

    /** The embedded policy: nothing revoked, restricted or listed. */
    final class EmbeddedPolicy implements PolicyStore {

        private static final EmbeddedPolicy INSTANCE = new EmbeddedPolicy();

        private static final Optional<CallerPolicy> EMPTY = Optional.of(CallerPolicy.EMPTY);

        private EmbeddedPolicy() {
        }

        @Override
        public Optional<CallerPolicy> current() {
            return EMPTY;
        }

        @Override
        public PolicyStatus status() {
            return PolicyStatus.EMBEDDED;
        }
    }
}
