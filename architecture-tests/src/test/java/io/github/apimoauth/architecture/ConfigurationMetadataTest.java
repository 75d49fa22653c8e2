package io.github.apimoauth.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata the configuration processor writes into each module's {@code target/classes} (see the root pom):
 * every setting must carry a description, taken from its Javadoc ({@code @param} of a record), so a setting added
 * without one fails the build instead of showing up blank in an IDE.
 */
class ConfigurationMetadataTest {

    private static final Path ROOT = Path.of(System.getProperty("architecture.root", ".."));

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "azure-emulator, emulator.", "azure-clients, azure. apim.policy.", "backend-service, backend.",
            "gateway-service, apim.", "frontend-service, frontend." })
    void readMetadataWhenModuleBuiltThenEverySettingUnderItsPrefixesHasADescription(String module, String prefixes) throws IOException {
        Path file = ROOT.resolve(module).resolve("target/classes/META-INF/spring-configuration-metadata.json");
        assertThat(file).as("metadata of %s; build the module first", module).isRegularFile();
        List<Map<String, Object>> properties = JsonPath.read(Files.readString(file), "$.properties[*]");

        for (String prefix : prefixes.split(" ")) {
            // A prefix with no setting would make the check below prove nothing.
            assertThat(properties).as("settings of %s under %s", module, prefix)
                .anySatisfy(property -> assertThat((String) property.get("name")).startsWith(prefix));
        }
        assertThat(properties).as("settings of %s", module).allSatisfy(property -> {
            String name = (String) property.get("name");
            assertThat(Arrays.stream(prefixes.split(" ")).anyMatch(name::startsWith))
                .as("%s is under one of %s", name, prefixes).isTrue();
            assertThat((String) property.get("description")).as("description of %s (a Javadoc line on the setting)", name)
                .isNotBlank();
        });
    }
}
