package io.github.apimoauth.emulator.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: {@code @ExtendWith(AzureEmulatorExtension.class)} then take an {@link AzureEmulator} parameter in
 * a test, a constructor or a lifecycle method. Every test class in the JVM gets the same running instance.
 * <p>
 * Spring tests that need the URLs before their context starts call {@link AzureEmulator#shared()} from a
 * {@code @DynamicPropertySource} method instead.
 */
public class AzureEmulatorExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == AzureEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return AzureEmulator.shared();
    }
}
