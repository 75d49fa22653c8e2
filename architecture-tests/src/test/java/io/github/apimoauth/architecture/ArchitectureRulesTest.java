package io.github.apimoauth.architecture;

import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each module rule fails, on purpose, on the bad fixture project ({@code fixture}), naming the class that breaks it; the
 * same rules pass on the real modules in {@link ArchitectureTest}. Each fixture class breaks one rule only, so a rule
 * that failed on a neighbour's violation would not name the right class.
 */
class ArchitectureRulesTest {

    private static final String FIXTURE = "io.github.apimoauth.architecture.fixture";

    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void checkWhenServiceImportsAnotherServiceThenFailsNamingIt() {
        assertThatThrownBy(() -> ArchitectureRules.servicesImportNoOtherService(FIXTURE).check(CLASSES))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("no service imports another service")
            .hasMessageContaining("GatewayCallingBackend")
            .hasMessageNotContainingAny("TokenRulesUsingGateway", "FrontendUsingEmulator", "LoopA");
    }

    @Test
    void checkWhenServiceMainCodeImportsEmulatorThenFailsNamingIt() {
        assertThatThrownBy(() -> ArchitectureRules.servicesImportNoEmulator(FIXTURE).check(CLASSES))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("no service's main code imports the emulator")
            .hasMessageContaining("FrontendUsingEmulator")
            .hasMessageNotContainingAny("GatewayCallingBackend", "TokenRulesUsingGateway", "LoopA");
    }

    @Test
    void checkWhenTokenRulesImportServiceThenFailsNamingIt() {
        assertThatThrownBy(() -> ArchitectureRules.tokenRulesImportNoService(FIXTURE).check(CLASSES))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("entra-token-rules imports no service")
            .hasMessageContaining("TokenRulesUsingGateway")
            .hasMessageNotContainingAny("GatewayCallingBackend", "FrontendUsingEmulator", "LoopA", "AzureClientsUsingBackend");
    }

    @Test
    void checkWhenAzureClientsImportServiceThenFailsNamingIt() {
        assertThatThrownBy(() -> ArchitectureRules.azureClientsImportNoService(FIXTURE).check(CLASSES))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("azure-clients imports no service")
            .hasMessageContaining("AzureClientsUsingBackend")
            .hasMessageNotContainingAny("TokenRulesUsingGateway", "GatewayCallingBackend", "FrontendUsingEmulator", "LoopA");
    }

    @Test
    void checkWhenPackagesFormLoopThenFailsNamingBothPackages() {
        Set<String> packages = CLASSES.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());

        assertThatThrownBy(() -> ArchitectureRules.packagesFreeOfLoops("fixture", packages).check(CLASSES))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("no package loop in fixture")
            .hasMessageContaining(FIXTURE + ".loop.a")
            .hasMessageContaining(FIXTURE + ".loop.b")
            .hasMessageNotContainingAny("GatewayCallingBackend", "FrontendUsingEmulator", "TokenRulesUsingGateway");
    }
}
