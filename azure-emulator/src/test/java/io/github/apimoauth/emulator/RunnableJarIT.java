package io.github.apimoauth.emulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable jar (target/azure-emulator.jar, which run-local.sh, bench/run.sh and the image use) carries the emulator
 * and no test code: the JUnit harness lives in azure-emulator-junit, and JUnit itself is no dependency of the emulator.
 */
class RunnableJarIT {

    @Test
    void runnableJarWhenPackagedThenCarriesEmulatorWithoutJUnitOrHarness() throws IOException {
        Path jar = Path.of(System.getProperty("emulator.runnable-jar", "target/azure-emulator.jar"));

        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> entries = file.stream().map(ZipEntry::getName).toList();
            assertThat(file.getManifest().getMainAttributes().getValue("Start-Class")).isEqualTo(EmulatorApplication.class.getName());
            assertThat(entries).contains("BOOT-INF/classes/io/github/apimoauth/emulator/EmulatorApplication.class",
                    "BOOT-INF/classes/azure-emulator.yml");
            assertThat(entries).noneMatch(name -> name.startsWith("BOOT-INF/classes/io/github/apimoauth/emulator/junit/"))
                .noneMatch(name -> name.startsWith("BOOT-INF/lib/") && (name.contains("junit") || name.contains("opentest4j")));
        }
    }
}
