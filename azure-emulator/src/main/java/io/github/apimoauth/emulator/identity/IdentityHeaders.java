package io.github.apimoauth.emulator.identity;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.util.JSONObjectUtils;

import io.github.apimoauth.emulator.config.DataDirectory;
import io.github.apimoauth.emulator.config.Directory;
import org.springframework.stereotype.Component;

/**
 * The X-IDENTITY-HEADER values, generated at first start and persisted, never configured. As in Container Apps,
 * each app (here: each identity) gets its own value, which selects its identity when the request names none. One
 * extra "shared" value stands for a host running several identities in one process (the services' in-process
 * tests); with it, the request must name the identity with client_id, object_id or mi_res_id.
 */
@Component
public class IdentityHeaders {

    static final String SHARED = "*shared*";

    private static final String FILE = "identity-headers.json";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> byIdentity = new LinkedHashMap<>();

    public IdentityHeaders(DataDirectory dataDirectory, Directory directory) {
        Map<String, Object> stored = dataDirectory.read(FILE).map(IdentityHeaders::parse).orElse(Map.of());
        boolean changed = false;
        for (String name : names(directory)) {
            Object value = stored.get(name);
            if (value instanceof String s && !s.isBlank()) {
                byIdentity.put(name, s);
            }
            else {
                byIdentity.put(name, newValue());
                changed = true;
            }
        }
        if (changed || stored.size() != byIdentity.size()) {
            dataDirectory.writePrivate(FILE, JSONObjectUtils.toJSONString(new LinkedHashMap<>(byIdentity)));
        }
        // One file per identity, for containers sharing the data volume (docker-compose): each service reads only
        // its own header at start-up, as Container Apps injects IDENTITY_HEADER into each app.
        directory.identities().forEach(i -> dataDirectory.writePrivate("identity/" + i.name() + ".header", byIdentity.get(i.name())));
    }

    private static Iterable<String> names(Directory directory) {
        java.util.List<String> names = new java.util.ArrayList<>(directory.identities().stream().map(Directory.Identity::name).toList());
        names.add(SHARED);
        return names;
    }

    /** The header value of an identity's app. */
    public String of(String identityName) {
        return byIdentity.get(identityName);
    }

    /** The value that is valid for every identity, which then must be named in the request. */
    public String shared() {
        return byIdentity.get(SHARED);
    }

    /**
     * Which identity a header value belongs to: empty when it matches none, SHARED for the shared value. Every
     * stored value is compared in constant time, so the answer's timing does not reveal how much of a guess was right.
     */
    Optional<String> owner(String header) {
        if (header == null || header.isEmpty()) {
            return Optional.empty();
        }
        byte[] given = header.getBytes(StandardCharsets.UTF_8);
        String owner = null;
        for (Map.Entry<String, String> e : byIdentity.entrySet()) {
            if (MessageDigest.isEqual(given, e.getValue().getBytes(StandardCharsets.UTF_8))) {
                owner = e.getKey();
            }
        }
        return Optional.ofNullable(owner);
    }

    private static String newValue() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        }
        catch (java.text.ParseException ex) {
            return Map.of();
        }
    }
}
