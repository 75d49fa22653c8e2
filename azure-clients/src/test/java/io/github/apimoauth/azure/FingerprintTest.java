package io.github.apimoauth.azure;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

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

    /** Every call digests from a clone of one untouched instance: threads at once must never see each other's input. */
    @Test
    void sha256WhenCalledFromManyThreadsAtOnceThenEachValueGetsItsOwnDigest() {
        List<String> digests = IntStream.range(0, 20_000).parallel()
            .mapToObj(i -> HexFormat.of().formatHex(Fingerprint.sha256(i % 2 == 0 ? "abc" : "")))
            .distinct().toList();

        assertThat(digests).containsExactlyInAnyOrder(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
