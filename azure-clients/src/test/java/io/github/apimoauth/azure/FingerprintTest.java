package io.github.apimoauth.azure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

    @Test
    void ofWhenValueGivenThenFirst8HexOfSha256() {
        // SHA-256("abc") = ba7816bf8f01cfea…
        assertThat(Fingerprint.of("abc")).isEqualTo("ba7816bf");
    }

    /** The gateway's and the emulator's copies printed e3b0c442, the hash of "", for an empty value; now every module says none. */
    @Test
    void ofWhenEmptyOrMissingThenNone() {
        assertThat(Fingerprint.of("")).isEqualTo("none");
        assertThat(Fingerprint.of(null)).isEqualTo("none");
    }

    @Test
    void constantTimeEqualsWhenSameValueThenTrueAndOtherwiseFalse() {
        assertThat(Fingerprint.constantTimeEquals("key-1", "key-1")).isTrue();
        assertThat(Fingerprint.constantTimeEquals("key-1", "key-2")).isFalse();
        assertThat(Fingerprint.constantTimeEquals("key-1", "")).isFalse();
        assertThat(Fingerprint.constantTimeEquals("key-1", null)).isFalse();
        assertThat(Fingerprint.constantTimeEquals((String) null, null)).isFalse();
    }

    @Test
    void constantTimeEqualsOnDigestsWhenSameValueThenTrueAndOtherwiseFalse() {
        assertThat(Fingerprint.constantTimeEquals(Fingerprint.sha256("key-1"), Fingerprint.sha256("key-1"))).isTrue();
        assertThat(Fingerprint.constantTimeEquals(Fingerprint.sha256("key-1"), Fingerprint.sha256("key-2"))).isFalse();
        assertThat(Fingerprint.constantTimeEquals(Fingerprint.sha256("key-1"), null)).isFalse();
        assertThat(Fingerprint.constantTimeEquals(null, (byte[]) null)).isFalse();
    }
}
