package io.github.apimoauth.emulator;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.apimoauth.emulator.junit.AzureEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data directory holds the instance's signing keys, secrets and TLS key: an instance that made it removes it when
 * closed, and keeps it only when stopped for a restart, or when the caller named the directory.
 */
class DataDirectoryLifecycleTest {

    @Test
    void closeWhenTheInstanceMadeItsDataDirectoryThenTheKeysAndSecretsAreRemoved() {
        AzureEmulator emulator = AzureEmulator.start(Map.of());
        Path dataDir = emulator.dataDir();
        assertThat(dataDir.resolve("signing-keys.json")).exists();

        emulator.close();

        assertThat(dataDir).doesNotExist();
    }

    @Test
    void closeWhenTheCallerNamedTheDataDirectoryThenItIsKept() {
        AzureEmulator first = AzureEmulator.start(Map.of());
        Path dataDir = first.dataDir();
        first.stop();
        assertThat(dataDir.resolve("signing-keys.json")).exists();
        try {
            AzureEmulator second = AzureEmulator.start(Map.of("emulator.data-dir", dataDir.toString()));
            second.close();

            assertThat(dataDir.resolve("signing-keys.json")).exists();
        }
        finally {
            first.close();
        }
        assertThat(dataDir).doesNotExist();
    }
}
