package io.github.apimoauth.emulator.junit;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Gives MSAL4J, inside azure-identity, the managed-identity environment variables (IDENTITY_ENDPOINT,
 * IDENTITY_HEADER, AZURE_POD_IDENTITY_AUTHORITY_HOST…) for an in-process test, where the real environment cannot be
 * changed. It goes through MSAL's own test seam, {@code ManagedIdentityApplication.setEnvironmentVariables}, so the
 * SDK runs its unmodified code from source detection to token parsing. The emulator's own suite also proves the
 * same flow with real environment variables in a child JVM.
 * <p>
 * MSAL keeps the seam and its token cache in static state: apply one environment per JVM, or clear it between uses.
 */
public final class ManagedIdentityEnvironment {

    private ManagedIdentityEnvironment() {
    }

    /** Makes MSAL read these variables instead of the process environment; unset ones read as absent. */
    public static void apply(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        set(seam -> Proxy.newProxyInstance(seam.getClassLoader(), new Class<?>[] { seam },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getEnvironmentVariable" -> copy.get((String) args[0]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "ManagedIdentityEnvironment" + copy.keySet();
                    default -> null;
                }));
    }

    /** The App Service / Container Apps variables for an identity of a running emulator, with its own header. */
    public static void applyAppService(AzureEmulator emulator, String identityName) {
        apply(Map.of("IDENTITY_ENDPOINT", emulator.identityEndpoint(), "IDENTITY_HEADER",
                emulator.identity(identityName).identityHeader()));
    }

    /** Back to the real process environment. */
    public static void clear() {
        set(seam -> null);
    }

    private static void set(java.util.function.Function<Class<?>, Object> valueForSeam) {
        try {
            Class<?> application = Class.forName("com.microsoft.aad.msal4j.ManagedIdentityApplication");
            Class<?> seam = Class.forName("com.microsoft.aad.msal4j.IEnvironmentVariables");
            Method setter = application.getDeclaredMethod("setEnvironmentVariables", seam);
            setter.setAccessible(true);
            setter.invoke(null, valueForSeam.apply(seam));
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("MSAL4J's environment seam is not where this emulator expects it "
                    + "(azure-identity 1.18 / msal4j 1.23); is azure-identity on the test classpath?", ex);
        }
    }
}
