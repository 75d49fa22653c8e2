package io.github.apimoauth.backend.functionkey;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.secrets.SecretClient;
import io.github.apimoauth.azure.KeyVaultAnswers;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;

/**
 * Which versions of the function key secret are in force, as a rotation means them: Key Vault's current version, and
 * the version created right before it only while that one is enabled, unexpired and within the grace period. Never an
 * older one: disabling a leaked previous version must not bring back the version before it.
 */
final class KeyVersions {

    /** A key in force until {@code notAfter}: its exp, or for the previous version the end of the grace period. */
    record AcceptedKey(String version, byte[] value, Instant notAfter) {
    }

    /** Key Vault answered, and its answer leaves no key in force. */
    static final class Refused extends RuntimeException {

        Refused(String message) {
            super(message);
        }
    }

    private final SecretClient secrets;

    private final FunctionKeyProperties properties;

    /** version -> value of a previous version; a version's value never changes, so it is read once. */
    private final Map<String, byte[]> previousValues = new ConcurrentHashMap<>();

    KeyVersions(SecretClient secrets, FunctionKeyProperties properties) {
        this.secrets = secrets;
        this.properties = properties;
    }

    /** Reads the keys in force now; throws {@link Refused} or Key Vault's own refusal when there is none. */
    List<AcceptedKey> read(Instant now) {
        String name = properties.getSecretName();
        // The current version is Key Vault's latest; reading it fails with 403 when it is disabled, 404 when deleted.
        KeyVaultSecret current = secrets.getSecret(name);
        SecretProperties attributes = current.getProperties();
        if (!inForce(attributes, now)) {
            throw new Refused("the current version " + attributes.getVersion() + " of " + name + " is disabled, expired or not yet valid");
        }
        List<AcceptedKey> keys = new ArrayList<>(2);
        keys.add(new AcceptedKey(attributes.getVersion(), bytes(current.getValue()), end(attributes.getExpiresOn())));
        previous(name, attributes, now).ifPresent(keys::add);
        previousValues.keySet().retainAll(keys.stream().map(AcceptedKey::version).toList());
        return List.copyOf(keys);
    }

    private Optional<AcceptedKey> previous(String name, SecretProperties current, Instant now) {
        OffsetDateTime created = current.getCreatedOn();
        if (created == null || !now.isBefore(created.toInstant().plus(properties.getPreviousVersionGracePeriod()))) {
            return Optional.empty();
        }
        List<SecretProperties> earlier = secrets.listPropertiesOfSecretVersions(name).stream()
            .filter(v -> !current.getVersion().equals(v.getVersion()) && v.getCreatedOn() != null && !v.getCreatedOn().isAfter(created))
            .toList();
        OffsetDateTime latest = earlier.stream().map(SecretProperties::getCreatedOn).max(Comparator.naturalOrder()).orElse(null);
        List<SecretProperties> rightBefore = earlier.stream().filter(v -> v.getCreatedOn().isEqual(latest)).toList();
        // Key Vault's times have whole seconds: two versions created in the same second leave "right before" undecided,
        // and an undecided choice accepts neither rather than possibly an older one.
        if (rightBefore.size() != 1 || !inForce(rightBefore.get(0), now)) {
            return Optional.empty();
        }
        SecretProperties previous = rightBefore.get(0);
        byte[] value;
        try {
            value = previousValues.computeIfAbsent(previous.getVersion(),
                    version -> bytes(secrets.getSecret(name, version).getValue()));
        }
        catch (HttpResponseException ex) {
            if (isRefusal(ex)) {
                return Optional.empty();
            }
            throw ex;
        }
        Instant graceEnd = created.toInstant().plus(properties.getPreviousVersionGracePeriod());
        Instant exp = end(previous.getExpiresOn());
        return Optional.of(new AcceptedKey(previous.getVersion(), value, exp.isBefore(graceEnd) ? exp : graceEnd));
    }

    /** Whether Key Vault refused ({@link KeyVaultAnswers}), or this window's own check did, rather than failed to answer. */
    static boolean isRefusal(Throwable ex) {
        return ex instanceof Refused || KeyVaultAnswers.isRefusal(ex);
    }

    private static boolean inForce(SecretProperties p, Instant now) {
        return Boolean.TRUE.equals(p.isEnabled()) && (p.getNotBefore() == null || !now.isBefore(p.getNotBefore().toInstant()))
                && now.isBefore(end(p.getExpiresOn()));
    }

    private static Instant end(OffsetDateTime expiresOn) {
        return expiresOn == null ? Instant.MAX : expiresOn.toInstant();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
