package io.github.apimoauth.architecture;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/ switches each service to structured logs with one variable, {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}.
 * Each service's own resources (its application.yml, and any logback or log4j2 file it might gain) are put in front of
 * Boot's logging set-up, with nothing of the service started: a logging file or setting of its own that drops Boot's
 * structured encoder fails here, not silently in Azure.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest {

    private static final Path ROOT = Path.of(System.getProperty("architecture.root", ".."));

    @ParameterizedTest
    @ValueSource(strings = { "backend-service", "gateway-service", "frontend-service" })
    void logWhenStructuredFormatEcsThenLineIsEcsJson(String service, CapturedOutput output) throws Exception {
        URL resources = ROOT.resolve(service).resolve("target/classes").toUri().toURL();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new ResourcesFirst(resources, getClass().getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NothingStarted.class)
                .resourceLoader(new DefaultResourceLoader(loader))
                .web(WebApplicationType.NONE)
                // What the environment variable binds to.
                .properties("logging.structured.format.console=ecs")
                .run()) {
                LoggerFactory.getLogger(StructuredLogsTest.class).info("structured check of {}", service);
            }
        }
        finally {
            Thread.currentThread().setContextClassLoader(previous);
        }

        String line = output.getOut()
            .lines()
            .filter(candidate -> candidate.contains("structured check of " + service))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no log line of " + service + " in:\n" + output.getOut()));
        assertThat(line).as("log line of %s", service).startsWith("{").endsWith("}");
        Map<String, Object> json = JsonPath.read(line, "$");
        assertThat(json).containsKey("@timestamp").containsEntry("message", "structured check of " + service);
        assertThat(JsonPath.<String>read(line, "$.log.level")).isEqualTo("INFO");
        // The service's spring.application.name, as ECS's service.name: the field Log Analytics queries filter on.
        assertThat(JsonPath.<String>read(line, "$.service.name")).isEqualTo(service);
    }

    @Configuration(proxyBeanMethods = false)
    static class NothingStarted {
    }

    /** The service's own resources before the test classpath's, which holds all three services' application.yml. */
    private static final class ResourcesFirst extends URLClassLoader {

        ResourcesFirst(URL resources, ClassLoader parent) {
            super(new URL[] { resources }, parent);
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return (own != null) ? own : super.getResource(name);
        }
    }
}
