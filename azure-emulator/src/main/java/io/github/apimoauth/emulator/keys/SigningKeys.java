package io.github.apimoauth.emulator.keys;

import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.emulator.config.DataDirectory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The token-signing key ring, shared by every tenant as Entra's is. Keys are generated at first start and persisted,
 * so tokens issued before a restart still validate after it. Rollover goes through four steps: publish the next key,
 * switch signing to it, keep the old key published for a grace period, drop it.
 */
@Component
public class SigningKeys {

    public enum Status {
        /** Published, not yet used for signing. */
        NEXT,
        /** Published and signing. */
        CURRENT,
        /** Published until its grace period ends. */
        RETIRED
    }

    public record KeyInfo(String kid, Status status, Instant retiredAt, Instant dropAt) {
    }

    private record Entry(RSAKey key, Status status, Instant retiredAt) {
    }

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private static final String FILE = "signing-keys.json";

    private final DataDirectory dataDirectory;

    private final Duration gracePeriod;

    private final Clock clock;

    private final List<Entry> entries = new ArrayList<>();

    @Autowired
    public SigningKeys(DataDirectory dataDirectory, EmulatorProperties properties) {
        this(dataDirectory, properties.getKeyGracePeriod(), Clock.systemUTC());
    }

    SigningKeys(DataDirectory dataDirectory, Duration gracePeriod, Clock clock) {
        this.dataDirectory = dataDirectory;
        this.gracePeriod = gracePeriod;
        this.clock = clock;
        dataDirectory.read(FILE).ifPresentOrElse(this::load, () -> {
            entries.add(new Entry(newKey(), Status.CURRENT, null));
            save();
            log.info("Generated the first token-signing key, kid {}", entries.get(0).key().getKeyID());
        });
    }

    /** The key new tokens are signed with. */
    public synchronized RSAKey current() {
        return entries.stream().filter(e -> e.status() == Status.CURRENT).findFirst().orElseThrow().key();
    }

    /** Public keys of every published key, as the JWKS documents serve them. */
    public synchronized JWKSet publicJwks() {
        pruneExpired();
        return new JWKSet(entries.stream().map(e -> (JWK) e.key().toPublicJWK()).toList());
    }

    public synchronized List<KeyInfo> list() {
        pruneExpired();
        return entries.stream()
            .map(e -> new KeyInfo(e.key().getKeyID(), e.status(), e.retiredAt(),
                    e.retiredAt() == null ? null : e.retiredAt().plus(gracePeriod)))
            .toList();
    }

    /** Step 1: publishes the next key ahead of use. Returns its kid; a second call keeps the one already staged. */
    public synchronized String publishNext() {
        return entries.stream().filter(e -> e.status() == Status.NEXT).findFirst().map(e -> e.key().getKeyID()).orElseGet(() -> {
            RSAKey next = newKey();
            entries.add(new Entry(next, Status.NEXT, null));
            save();
            log.info("Published the next signing key, kid {}", next.getKeyID());
            return next.getKeyID();
        });
    }

    /** Steps 2 and 3: signs with the next key (publishing one first if none is staged) and retires the current one. */
    public synchronized String activateNext() {
        String nextKid = publishNext();
        Instant now = clock.instant();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.status() == Status.CURRENT) {
                entries.set(i, new Entry(e.key(), Status.RETIRED, now));
            }
            else if (e.key().getKeyID().equals(nextKid)) {
                entries.set(i, new Entry(e.key(), Status.CURRENT, null));
            }
        }
        save();
        log.info("Signing with kid {} now; the previous key stays published for {}", nextKid, gracePeriod);
        return nextKid;
    }

    /** Step 4: drops every retired key now, without waiting for the grace period. Returns how many were dropped. */
    public synchronized int dropRetired() {
        int before = entries.size();
        entries.removeIf(e -> e.status() == Status.RETIRED);
        save();
        return before - entries.size();
    }

    private void pruneExpired() {
        Instant now = clock.instant();
        if (entries.removeIf(e -> e.status() == Status.RETIRED && !now.isBefore(e.retiredAt().plus(gracePeriod)))) {
            save();
        }
    }

    private static RSAKey newKey() {
        KeyPair pair = Certificates.newRsaKeyPair();
        X509Certificate cert = Certificates.selfSigned(pair, "accounts.emulator.local", Duration.ofDays(3650), List.of(), List.of());
        String thumbprint = Certificates.sha1Thumbprint(cert);
        try {
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(thumbprint)
                .keyUse(KeyUse.SIGNATURE)
                .x509CertThumbprint(new Base64URL(thumbprint))
                .x509CertChain(List.of(Base64.encode(cert.getEncoded())))
                .build();
        }
        catch (CertificateEncodingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void load(String json) {
        try {
            for (Object item : JSONArrayUtils.parse(json)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> o = (Map<String, Object>) item;
                RSAKey key = RSAKey.parse(JSONObjectUtils.getJSONObject(o, "jwk"));
                Object retired = o.get("retiredAt");
                entries.add(new Entry(key, Status.valueOf((String) o.get("status")),
                        retired == null ? null : Instant.ofEpochSecond(((Number) retired).longValue())));
            }
        }
        catch (ParseException | RuntimeException ex) {
            throw new IllegalStateException("Cannot read " + dataDirectory.resolve(FILE)
                    + "; delete it to start over with new keys (tokens issued before will stop validating)", ex);
        }
        if (entries.stream().filter(e -> e.status() == Status.CURRENT).count() != 1) {
            throw new IllegalStateException(dataDirectory.resolve(FILE) + " must hold exactly one CURRENT key");
        }
        log.info("Loaded {} token-signing key(s); signing with kid {}", entries.size(), current().getKeyID());
    }

    private void save() {
        List<Object> out = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("status", e.status().name());
            o.put("retiredAt", e.retiredAt() == null ? null : e.retiredAt().getEpochSecond());
            o.put("jwk", e.key().toJSONObject());
            out.add(o);
        }
        dataDirectory.writePrivate(FILE, JSONArrayUtils.toJSONString(out));
    }
}
