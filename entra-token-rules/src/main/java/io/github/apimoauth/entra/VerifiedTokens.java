package io.github.apimoauth.entra;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

/**
 * Tokens whose RS256 signature has been verified, so a token presented again skips the signature only: every other
 * rule (lifetime with skew, issuer, audience, caller, roles, revocation) still runs on every request. Keyed by the
 * SHA-256 of the compact token, never the token; bounded in size; each entry leaves at its token's exp, or as soon as
 * the key that verified it is withdrawn from the tenant's document.
 */
final class VerifiedTokens {

    /**
     * Service-to-service callers hold one token per identity and audience for hours, so a few thousand entries cover
     * every caller; only verified tokens get in, so a flood of forged ones cannot evict them.
     */
    static final int MAXIMUM_SIZE = 10_000;

    /** An entry never outlives this, whatever exp says: Entra tokens live 24 h at most. */
    private static final long MAXIMUM_LIFETIME_NANOS = TimeUnit.HOURS.toNanos(25);

    record Verified(Jwt jwt, String kid) {
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is always available", ex);
        }
    });

    private final Cache<ByteBuffer, Verified> cache = Caffeine.newBuilder()
        .maximumSize(MAXIMUM_SIZE)
        .expireAfter(Expiry.<ByteBuffer, Verified>creating((key, value) -> untilExpiry(expiresAt(value.jwt()))))
        .build();

    /** The cache key of a token: its SHA-256, so the cache never holds a usable token as a key. */
    static ByteBuffer keyOf(String token) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return ByteBuffer.wrap(digest.digest(token.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static Instant expiresAt(Jwt jwt) {
        return TokenClaims.instant(jwt, JwtClaimNames.EXP);
    }

    Verified get(ByteBuffer key) {
        return cache.getIfPresent(key);
    }

    /** Keeps a verified token until its exp; a token without exp, or already expired, is not kept. */
    void put(ByteBuffer key, Verified verified) {
        Instant exp = expiresAt(verified.jwt());
        if (exp != null && exp.isAfter(Instant.now())) {
            cache.put(key, verified);
        }
    }

    void remove(ByteBuffer key) {
        cache.invalidate(key);
    }

    /** Drops every token verified with one of these keys. */
    void withdraw(Set<String> kids) {
        cache.asMap().values().removeIf(verified -> kids.contains(verified.kid()));
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private static java.time.Duration untilExpiry(Instant exp) {
        long nanos = exp == null ? 0 : java.time.Duration.between(Instant.now(), exp).toNanos();
        return java.time.Duration.ofNanos(Math.max(0, Math.min(nanos, MAXIMUM_LIFETIME_NANOS)));
    }
}
