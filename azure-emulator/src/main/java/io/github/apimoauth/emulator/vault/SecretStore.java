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
import org.springframework.stereotype.Component;

/**
 * Secret versions, persisted to the data directory with atomic writes so a restart loses nothing. Secrets declared in
 * the configuration are created at first start; one declared without a value gets a random value, so no value is
 * ever committed anywhere.
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

    private static final Logger log = LoggerFactory.getLogger(SecretStore.class);

    private static final String FILE = "vault-secrets.json";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataDirectory dataDirectory;

    private final JsonMapper jsonMapper;

    /** name -> versions, oldest first; the last one is the latest. */
    private final Map<String, List<Version>> secrets = new LinkedHashMap<>();

    public SecretStore(DataDirectory dataDirectory, JsonMapper jsonMapper, EmulatorProperties properties) {
        this.dataDirectory = dataDirectory;
        this.jsonMapper = jsonMapper;
        dataDirectory.read(FILE).ifPresent(json -> secrets.putAll(
                jsonMapper.readValue(json, new TypeReference<LinkedHashMap<String, List<Version>>>() { })));
        for (EmulatorProperties.SecretSeed seed : properties.getVault().getSecrets()) {
            if (!secrets.containsKey(seed.getName())) {
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

    /** Adds a new version, which becomes the latest. */
    public synchronized Version set(String name, String value, String contentType, Map<String, String> tags, Boolean enabled,
            Long nbf, Long exp) {
        long now = Instant.now().getEpochSecond();
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        Version v = new Version(name, HexFormat.of().formatHex(id), value, contentType, tags == null ? Map.of() : Map.copyOf(tags),
                enabled == null || enabled, nbf, exp, now, now);
        secrets.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
        save();
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
                save();
                return Optional.of(updated);
            }
        }
        return Optional.empty();
    }

    private void save() {
        dataDirectory.writePrivate(FILE, jsonMapper.writeValueAsString(secrets));
    }
}
