package io.github.apimoauth.frontend.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

    @Test
    void ofWhenValueGivenThenFirst8HexOfSha256() {
        // SHA-256("abc") = ba7816bf8f01cfea…
        assertThat(Fingerprint.of("abc")).isEqualTo("ba7816bf");
    }

    @Test
    void ofWhenEmptyThenNone() {
        assertThat(Fingerprint.of("")).isEqualTo("none");
        assertThat(Fingerprint.of(null)).isEqualTo("none");
    }
}
