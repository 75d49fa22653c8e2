package io.github.apimoauth.emulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the emulator listens: loopback unless configured otherwise, both listeners alike, and no way around it. */
class BindAddressTest {

    @Test
    void configurationWhenNothingSetThenLoopbackAndForwardedHeadersIgnored() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        new YamlPropertySourceLoader().load("azure-emulator", new ClassPathResource(EmulatorApplication.CONFIG_NAME + ".yml"))
            .forEach(sources::addLast);
        // Only the shipped file, no environment: ${EMULATOR_BIND_ADDRESS:…} falls back to its default.
        Binder binder = new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));

        assertThat(binder.bind("emulator.bind-address", String.class).get()).isEqualTo("127.0.0.1");
        assertThat(binder.bind("server.forward-headers-strategy", String.class).get()).isEqualTo("none");
        assertThat(new EmulatorProperties().getBindAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void bindWhenLoopbackThenNeitherListenerAnswersOnAnotherAddressAndUrlsSayLocalhost() {
        AzureEmulator emulator = AzureEmulator.shared();
        InetAddress other = RemoteCallerTest.nonLoopbackAddress();
        int httpPort = URI.create(emulator.authorityHost()).getPort();
        int httpsPort = URI.create(emulator.vaultUrl()).getPort();

        for (int port : new int[] { httpPort, httpsPort }) {
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(other, port), 5_000);
                }
            }).as("port %d on %s", port, other).isInstanceOf(java.net.ConnectException.class);
        }
        assertThat(emulator.authorityHost()).startsWith("http://localhost:");
        assertThat(emulator.vaultUrl()).startsWith("https://localhost:");
    }

    @Test
    void startWhenServerAddressDiffersFromBindAddressThenFailsNamingTheSetting() {
        assertThatThrownBy(() -> AzureEmulator.start(Map.of("server.address", "0.0.0.0")).close())
            .hasStackTraceContaining("server.address (0.0.0.0) does not bind the emulator")
            .hasStackTraceContaining("emulator.bind-address");
    }

    @Test
    void startWhenForwardedHeadersTurnedOnThenFails() {
        assertThatThrownBy(() -> AzureEmulator.start(Map.of("server.forward-headers-strategy", "native")).close())
            .hasStackTraceContaining("server.forward-headers-strategy must stay none");
    }
}
