package io.github.apimoauth.emulator.vault;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.github.apimoauth.emulator.config.DataDirectory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.config.Fingerprint;
import io.github.apimoauth.emulator.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Secret versions, persisted to the data directory with atomic writes so a restart loses nothing. Secrets declared in
 * the configuration are created at first start; one declared without a value gets a random value, so no value is
 * ever committed anywhere.
 * <p>
 * Deletion is Key Vault's soft delete: a deleted secret keeps every version, out of reach of reads and writes, until it
 * is recovered or purged, and its name cannot be reused meanwhile. A name is active or deleted, never both.
 */
@Component
public class SecretStore {

    /** One version of a secret. Times are epoch seconds, as Key Vault sends them. */
    public record Version(String name, String version, String value, String contentType, Map<String, String> tags,
            boolean enabled, Long nbf, Long exp, long created, long updated) {

        Version withAttributes(Boolean enabled, Long nbf, Long exp, String contentType, Map<String, String> tags, long now) {
            return new Version(name, version, value, contentType == null ? this.contentType : contentType,
                    tags == null ? this.tags : Map.copyOf(tags), enabled == null ? this.enabled : enabled,
                    nbf == null ? this.nbf : nbf, exp == null ? this.exp : exp, created, now);
        }
    }

    /** A soft-deleted secret: every version, as they were, and when it was deleted. Times are epoch seconds. */
    public record Deleted(String name, List<Version> versions, long deletedDate, long scheduledPurgeDate) {

        public Version latest() {
            return versions.get(versions.size() - 1);
        }
    }

    /** Key Vault's default retention, and the recoverableDays every bundle reports. */
    public static final int RECOVERABLE_DAYS = 90;

    private static final Logger log = LoggerFactory.getLogger(SecretStore.class);

    private static final String FILE = "vault-secrets.json";

    private static final String DELETED_FILE = "vault-deleted-secrets.json";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataDirectory dataDirectory;

    private final JsonMapper jsonMapper;

    /** name -> versions, oldest first; the last one is the latest. */
    private final Map<String, List<Version>> secrets = new LinkedHashMap<>();

    /** name -> the soft-deleted secret. */
    private final Map<String, Deleted> deleted = new LinkedHashMap<>();

    public SecretStore(DataDirectory dataDirectory, JsonMapper jsonMapper, EmulatorProperties properties) {
        this.dataDirectory = dataDirectory;
        this.jsonMapper = jsonMapper;
        dataDirectory.read(FILE).ifPresent(json -> secrets.putAll(
                jsonMapper.readValue(json, new TypeReference<LinkedHashMap<String, List<Version>>>() { })));
        dataDirectory.read(DELETED_FILE).ifPresent(json -> deleted.putAll(
                jsonMapper.readValue(json, new TypeReference<LinkedHashMap<String, Deleted>>() { })));
        // Each move between the files writes the gaining file first, so a crash in between leaves a name in both,
        // never in neither. Deleted wins: a deletion made to revoke a key must not be undone by a restart, and an
        // interrupted recovery loses nothing, as the deleted copy holds every version.
        secrets.keySet().removeAll(deleted.keySet());
        for (EmulatorProperties.SecretSeed seed : properties.getVault().getSecrets()) {
            // A deleted secret stays deleted across restarts: re-creating it would undo the deletion.
            if (!secrets.containsKey(seed.getName()) && !deleted.containsKey(seed.getName())) {
                boolean generated = seed.getValue() == null || seed.getValue().isEmpty();
                String value = generated ? randomValue() : seed.getValue();
                Version v = set(seed.getName(), value, seed.getContentType(), seed.getTags(), true, null, null);
                log.info("Created secret {} version {} ({}, SHA-256 {})", v.name(), v.version(),
                        generated ? "random value" : "configured value", Fingerprint.of(value));
            }
        }
    }

    /** A new random value: 32 bytes, base64url, like a function or subscription key. */
    public static String randomValue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public synchronized Optional<Version> latest(String name) {
        List<Version> versions = secrets.get(name);
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    public synchronized Optional<Version> version(String name, String version) {
        return secrets.getOrDefault(name, List.of()).stream().filter(v -> v.version().equals(version)).findFirst();
    }

    public synchronized List<Version> versions(String name) {
        return List.copyOf(secrets.getOrDefault(name, List.of()));
    }

    public synchronized List<Version> latestOfEach() {
        return secrets.values().stream().filter(v -> !v.isEmpty()).map(v -> v.get(v.size() - 1)).toList();
    }

    /**
     * Adds a new version, which becomes the latest. A soft-deleted name is refused as Key Vault refuses it, with 409
     * ObjectIsDeletedButRecoverable, whoever asks: a test or the admin API cannot bring a revoked name back by accident.
     */
    public synchronized Version set(String name, String value, String contentType, Map<String, String> tags, Boolean enabled,
            Long nbf, Long exp) {
        if (deleted.containsKey(name)) {
            throw new ApiException(HttpStatus.CONFLICT, Map.of("error", Map.of("code", "Conflict", "message", "Secret " + name
                    + " is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret"
                    + " can only be recovered or purged.", "innererror", Map.of("code", "ObjectIsDeletedButRecoverable"))));
        }
        long now = Instant.now().getEpochSecond();
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        Version v = new Version(name, HexFormat.of().formatHex(id), value, contentType, tags == null ? Map.of() : Map.copyOf(tags),
                enabled == null || enabled, nbf, exp, now, now);
        secrets.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
        saveActive();
        return v;
    }

    /** Updates the attributes of one version (the latest when version is empty); the value never changes. */
    public synchronized Optional<Version> update(String name, String version, Boolean enabled, Long nbf, Long exp,
            String contentType, Map<String, String> tags) {
        List<Version> versions = secrets.get(name);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < versions.size(); i++) {
            Version v = versions.get(i);
            boolean target = version.isEmpty() ? i == versions.size() - 1 : v.version().equals(version);
            if (target) {
                Version updated = v.withAttributes(enabled, nbf, exp, contentType, tags, Instant.now().getEpochSecond());
                versions.set(i, updated);
                saveActive();
                return Optional.of(updated);
            }
        }
        return Optional.empty();
    }

    /** Soft-deletes every version of a secret; empty when no active secret has that name. */
    public synchronized Optional<Deleted> delete(String name) {
        List<Version> versions = secrets.get(name);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        long now = Instant.now().getEpochSecond();
        Deleted d = new Deleted(name, List.copyOf(versions), now, now + RECOVERABLE_DAYS * 86_400L);
        deleted.put(name, d);
        saveDeleted();
        secrets.remove(name);
        saveActive();
        log.info("Soft-deleted secret {} ({} versions)", name, versions.size());
        return Optional.of(d);
    }

    public synchronized Optional<Deleted> deleted(String name) {
        return Optional.ofNullable(deleted.get(name));
    }

    public synchronized List<Deleted> deletedSecrets() {
        return List.copyOf(deleted.values());
    }

    /** Brings a soft-deleted secret back with every version; returns its latest version, or empty if none is deleted. */
    public synchronized Optional<Version> recover(String name) {
        Deleted d = deleted.get(name);
        if (d == null) {
            return Optional.empty();
        }
        secrets.put(name, new ArrayList<>(d.versions()));
        saveActive();
        deleted.remove(name);
        saveDeleted();
        log.info("Recovered secret {} ({} versions)", name, d.versions().size());
        return Optional.of(d.latest());
    }

    /** Removes a soft-deleted secret for good; false if none is deleted under that name. */
    public synchronized boolean purge(String name) {
        if (deleted.remove(name) == null) {
            return false;
        }
        saveDeleted();
        log.info("Purged secret {}", name);
        return true;
    }

    private void saveActive() {
        dataDirectory.writePrivate(FILE, jsonMapper.writeValueAsString(secrets));
    }

    private void saveDeleted() {
        dataDirectory.writePrivate(DELETED_FILE, jsonMapper.writeValueAsString(deleted));
    }
}
