package io.github.apimoauth.architecture;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module rules against every module's main code, as compiled into its {@code target/classes} by the same build
 * (the reactor builds them first: see this module's pom). Test code is not judged: the services' tests start the
 * emulator on purpose.
 */
class ArchitectureTest {

    private static final String BASE = "io.github.apimoauth";

    private static final Path ROOT = Path.of(System.getProperty("architecture.root", ".."));

    private static JavaClasses mainClasses(String... modules) {
        Path[] dirs = Arrays.stream(modules).map(module -> ROOT.resolve(module).resolve("target/classes")).toArray(Path[]::new);
        for (Path dir : dirs) {
            // A rule over no classes would prove nothing.
            assertThat(dir).as("compiled classes of %s; build the modules first", dir).isDirectoryRecursivelyContaining("glob:**.class");
        }
        return new ClassFileImporter().importPaths(dirs);
    }

    @Test
    void checkWhenServicesMainCodeThenNoServiceImportsAnother() {
        ArchitectureRules.servicesImportNoOtherService(BASE)
            .check(mainClasses("gateway-service", "backend-service", "frontend-service"));
    }

    @Test
    void checkWhenServicesMainCodeThenNoneImportsTheEmulator() {
        ArchitectureRules.servicesImportNoEmulator(BASE).check(mainClasses("gateway-service", "backend-service", "frontend-service"));
    }

    @Test
    void checkWhenTokenRulesMainCodeThenNoServiceImported() {
        ArchitectureRules.tokenRulesImportNoService(BASE).check(mainClasses("entra-token-rules"));
    }

    @Test
    void checkWhenAzureClientsMainCodeThenNoServiceImported() {
        ArchitectureRules.azureClientsImportNoService(BASE).check(mainClasses("azure-clients"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "azure-emulator", "azure-emulator-junit", "entra-token-rules", "azure-clients", "backend-service", "gateway-service",
            "frontend-service", "bench/jmh" })
    void checkWhenModuleMainCodeThenNoPackageLoop(String module) {
        JavaClasses classes = mainClasses(module);
        Set<String> packages = classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());

        ArchitectureRules.packagesFreeOfLoops(module, packages).check(classes);
    }
}
