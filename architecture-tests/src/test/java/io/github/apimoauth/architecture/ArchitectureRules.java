package io.github.apimoauth.architecture;

import java.util.List;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module rules, written once and given a base package: the project's ({@code io.github.apimoauth}) in
 * {@link ArchitectureTest}, a deliberately bad fixture's in {@link ArchitectureRulesTest}, which shows each rule failing.
 * Under the base package, {@code gateway}, {@code backend} and {@code frontend} are the services, {@code emulator} the
 * Azure emulator, {@code entra} the shared token rules and {@code azure} the shared Azure client wiring.
 */
final class ArchitectureRules {

    static final List<String> SERVICES = List.of("gateway", "backend", "frontend");

    private ArchitectureRules() {
    }

    /** The services talk to each other over HTTP only: none imports another's classes. */
    static ArchRule servicesImportNoOtherService(String base) {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                return SERVICES.stream()
                    .filter(service -> javaClass.getPackageName().equals(base + "." + service)
                            || javaClass.getPackageName().startsWith(base + "." + service + "."))
                    .findFirst()
                    .map(SliceIdentifier::of)
                    .orElse(SliceIdentifier.ignore());
            }

            @Override
            public String getDescription() {
                return "the services " + SERVICES + " under " + base;
            }
        }).should().notDependOnEachOther().as("no service imports another service");
    }

    /** The emulator is for local runs and tests only: a service's main code never needs it. */
    static ArchRule servicesImportNoEmulator(String base) {
        return noClasses().that()
            .resideInAnyPackage(packages(base, SERVICES))
            .should()
            .dependOnClassesThat()
            .resideInAPackage(base + ".emulator..")
            .as("no service's main code imports the emulator");
    }

    /** The token rules sit below the services, shared by them: they import none of them, nor the emulator. */
    static ArchRule tokenRulesImportNoService(String base) {
        return sharedLibraryImportsNoService(base, "entra", "entra-token-rules");
    }

    /** The Azure client wiring sits below the services too, shared by all three: it imports none of them. */
    static ArchRule azureClientsImportNoService(String base) {
        return sharedLibraryImportsNoService(base, "azure", "azure-clients");
    }

    private static ArchRule sharedLibraryImportsNoService(String base, String libraryPackage, String module) {
        return noClasses().that()
            .resideInAPackage(base + "." + libraryPackage + "..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(packages(base, List.of("gateway", "backend", "frontend", "emulator")))
            .as(module + " imports no service and not the emulator");
    }

    /**
     * No loop between the packages of one module: each package is a slice, and only the module's own packages count
     * (a module sharing a package prefix with another, as azure-emulator-junit with azure-emulator, is judged alone).
     */
    static ArchRule packagesFreeOfLoops(String module, Set<String> modulePackages) {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                return modulePackages.contains(javaClass.getPackageName()) ? SliceIdentifier.of(javaClass.getPackageName())
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of " + module;
            }
        }).should().beFreeOfCycles().as("no package loop in " + module);
    }

    private static String[] packages(String base, List<String> names) {
        return names.stream().map(name -> base + "." + name + "..").toArray(String[]::new);
    }
}
