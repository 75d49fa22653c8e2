package io.github.apimoauth.emulator.keys;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.apimoauth.emulator.config.DataDirectory;
import io.github.apimoauth.emulator.config.EmulatorProperties;

import static org.assertj.core.api.Assertions.assertThat;

class SigningKeysTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    private DataDirectory dataDirectory() {
        EmulatorProperties properties = new EmulatorProperties();
        properties.setDataDir(dir);
        return new DataDirectory(properties);
    }

    @Test
    void rolloverWhenGracePeriodEndsThenOldKeyIsNoLongerPublished() {
        SigningKeys keys = new SigningKeys(dataDirectory(), Duration.ofMinutes(10), clock);
        String first = keys.current().getKeyID();

        String next = keys.publishNext();
        assertThat(keys.current().getKeyID()).isEqualTo(first);
        assertThat(keys.publicJwks().getKeyByKeyId(next)).isNotNull();

        keys.activateNext();
        assertThat(keys.current().getKeyID()).isEqualTo(next);
        clock.advance(Duration.ofMinutes(9));
        assertThat(keys.publicJwks().getKeyByKeyId(first)).isNotNull();

        clock.advance(Duration.ofMinutes(2));
        assertThat(keys.publicJwks().getKeyByKeyId(first)).isNull();
        assertThat(keys.publicJwks().getKeys()).hasSize(1);
    }

    @Test
    void loadWhenRestartedMidRolloverThenStateAndKeysAreKept() throws Exception {
        SigningKeys keys = new SigningKeys(dataDirectory(), Duration.ofHours(1), clock);
        String first = keys.current().getKeyID();
        String second = keys.activateNext();

        SigningKeys reloaded = new SigningKeys(dataDirectory(), Duration.ofHours(1), clock);

        assertThat(reloaded.current().getKeyID()).isEqualTo(second);
        assertThat(reloaded.current().toRSAPrivateKey()).isEqualTo(keys.current().toRSAPrivateKey());
        assertThat(reloaded.list()).extracting(SigningKeys.KeyInfo::kid).containsExactly(first, second);
    }

    @Test
    void publicJwksWhenServedThenHoldsNoPrivatePartsAndKidEqualsX5t() {
        SigningKeys keys = new SigningKeys(dataDirectory(), Duration.ofHours(1), clock);

        var jwk = keys.publicJwks().getKeys().get(0);

        assertThat(jwk.isPrivate()).isFalse();
        assertThat(jwk.toJSONObject()).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi").containsKey("x5c");
        assertThat(jwk.getX509CertThumbprint().toString()).isEqualTo(jwk.getKeyID());
    }

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
