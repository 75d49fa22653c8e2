package io.github.apimoauth.gateway.subscription;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.apimoauth.azure.Fingerprint;
import io.github.apimoauth.gateway.keyvault.NamedValues;

/**
 * Finds the subscription a presented key belongs to. Every key of every subscription is compared, in constant time
 * and without stopping at the first match, so the time taken tells nothing about which key came close. The presented
 * key is hashed once per request and each held key once per Key Vault version: hashing both sides of every comparison
 * took four SHA-256 digests a request where one does.
 */
class Subscriptions {

    /** What a presented key turned out to be. */
    enum Outcome {
        /** An active subscription's key, in scope for this API. */
        ACCEPTED,
        /** A key of a suspended subscription, or of one not scoped to this API: refused like any invalid key. */
        REFUSED,
        /** No subscription's key; the cached keys may be stale, so one early refresh is worth a try. */
        UNKNOWN
    }

    record Match(Outcome outcome, String subscription) {
    }

    private final Map<String, SubscriptionProperties.Subscription> subscriptions;

    private final NamedValues namedValues;

    /** Per secret name, the held value last seen and its digest; replaced when a refresh hands another value. */
    private final Map<String, HeldDigest> heldDigests = new ConcurrentHashMap<>();

    private record HeldDigest(String value, byte[] digest) {
    }

    Subscriptions(SubscriptionProperties properties, NamedValues namedValues) {
        this.subscriptions = Map.copyOf(properties.subscriptions());
        this.namedValues = namedValues;
        subscriptions.values().forEach(s -> {
            namedValues.register(s.primaryKeySecret());
            namedValues.register(s.secondaryKeySecret());
        });
    }

    Match match(String api, String presentedKey) {
        byte[] presented = Fingerprint.sha256(presentedKey);
        String found = null;
        for (Map.Entry<String, SubscriptionProperties.Subscription> entry : subscriptions.entrySet()) {
            SubscriptionProperties.Subscription s = entry.getValue();
            // Non-short-circuit OR: both keys are always compared.
            boolean matches = equalsSecret(s.primaryKeySecret(), presented) | equalsSecret(s.secondaryKeySecret(), presented);
            if (matches && found == null) {
                found = entry.getKey();
            }
        }
        if (found == null) {
            return new Match(Outcome.UNKNOWN, null);
        }
        SubscriptionProperties.Subscription s = subscriptions.get(found);
        boolean usable = s.state() == SubscriptionProperties.State.ACTIVE && s.scope().contains(api);
        return new Match(usable ? Outcome.ACCEPTED : Outcome.REFUSED, found);
    }

    boolean isEmpty() {
        return subscriptions.isEmpty();
    }

    private boolean equalsSecret(String secretName, byte[] presented) {
        return namedValues.get(secretName)
            .map(value -> Fingerprint.constantTimeEquals(heldDigest(secretName, value), presented))
            .orElse(false);
    }

    private byte[] heldDigest(String secretName, String value) {
        HeldDigest held = heldDigests.get(secretName);
        // Comparing two held values leaks nothing to a caller: only the presented key is compared in constant time.
        if (held == null || !held.value().equals(value)) {
            held = new HeldDigest(value, Fingerprint.sha256(value));
            heldDigests.put(secretName, held);
        }
        return held.digest();
    }
}
