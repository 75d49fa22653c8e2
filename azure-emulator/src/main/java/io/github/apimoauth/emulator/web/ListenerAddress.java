package io.github.apimoauth.emulator.web;

import java.net.InetAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.apimoauth.emulator.config.EmulatorProperties;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.reactive.ConfigurableReactiveWebServerFactory;
import org.springframework.stereotype.Component;

/**
 * Binds the HTTP listener to {@code emulator.bind-address}, the address the Key Vault listener binds to as well, so
 * one setting decides who can reach the emulator. Two settings that would undo that stop start-up instead of being
 * ignored: a different {@code server.address}, and forwarded headers, since the admin API and IMDS trust the
 * caller's socket address, which an {@code X-Forwarded-For} header must never be able to claim.
 */
@Component
class ListenerAddress implements WebServerFactoryCustomizer<ConfigurableReactiveWebServerFactory> {

    private static final Logger log = LoggerFactory.getLogger(ListenerAddress.class);

    private final InetAddress bindAddress;

    ListenerAddress(EmulatorProperties properties, ServerProperties server) {
        this.bindAddress = properties.getBindAddress();
        if (server.getAddress() != null && !server.getAddress().equals(bindAddress)) {
            throw new IllegalStateException("server.address (" + server.getAddress().getHostAddress()
                    + ") does not bind the emulator: set emulator.bind-address (EMULATOR_BIND_ADDRESS), which both of its listeners use.");
        }
        if (server.getForwardHeadersStrategy() != ServerProperties.ForwardHeadersStrategy.NONE) {
            throw new IllegalStateException("server.forward-headers-strategy must stay none: the emulator trusts the caller's "
                    + "socket address, and forwarded headers would let any caller claim to be on loopback.");
        }
        if (!bindAddress.isLoopbackAddress()) {
            log.warn("Listening on {}, not on loopback. Every host that reaches this address can fetch discovery documents and "
                    + "try identity headers and tokens: keep it inside a container network whose ports are not published.",
                    bindAddress.getHostAddress());
        }
    }

    @Override
    public void customize(ConfigurableReactiveWebServerFactory factory) {
        factory.setAddress(bindAddress);
    }
}
