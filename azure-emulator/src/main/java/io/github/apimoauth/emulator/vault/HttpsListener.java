package io.github.apimoauth.emulator.vault;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.keys.TlsCertificate;
import io.github.apimoauth.emulator.web.EmulatorUrls;
import io.github.apimoauth.emulator.web.MalformedUriGuard;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.stereotype.Component;

/**
 * The Key Vault, App Configuration and Application Insights ingestion listener: a second Reactor Netty server, with
 * TLS, in front of the same WebFlux handler as the HTTP port. The Azure SDKs refuse to send a bearer token over plain
 * HTTP (azure-core's BearerTokenAuthenticationPolicy), so all three must be HTTPS, even locally.
 */
@Component
class HttpsListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HttpsListener.class);

    private final ObjectProvider<HttpHandler> httpHandler;

    private final TlsCertificate tls;

    private final EmulatorUrls urls;

    private final int port;

    private final String bindAddress;

    private final MalformedUriGuard uriGuard;

    private final ReactorResourceFactory resources;

    private volatile DisposableServer server;

    HttpsListener(ObjectProvider<HttpHandler> httpHandler, TlsCertificate tls, EmulatorUrls urls, EmulatorProperties properties,
            MalformedUriGuard uriGuard, ReactorResourceFactory resources) {
        this.resources = resources;
        this.httpHandler = httpHandler;
        this.uriGuard = uriGuard;
        this.tls = tls;
        this.urls = urls;
        this.port = properties.getTls().getPort();
        // The same address as the HTTP listener (ListenerAddress): loopback unless configured otherwise.
        this.bindAddress = properties.getBindAddress().getHostAddress();
    }

    @Override
    public void start() {
        Http11SslContextSpec ssl = Http11SslContextSpec.forServer(tls.certificatePath().toFile(), tls.privateKeyPath().toFile());
        try {
            server = uriGuard.apply(HttpServer.create())
                .runOn(resources.getLoopResources())
                .host(bindAddress)
                .port(port)
                .secure(spec -> spec.sslContext(ssl))
                .handle(new ReactorHttpHandlerAdapter(httpHandler.getObject()))
                .bindNow(Duration.ofSeconds(10));
        }
        catch (RuntimeException ex) {
            throw new IllegalStateException("Cannot start the Key Vault HTTPS listener on port " + port
                    + " (set emulator.tls.port to another port): " + ex.getMessage(), ex);
        }
        urls.httpsStarted(server.port());
        log.info("Key Vault, App Configuration and Application Insights ingestion listening at {} (certificate {})", urls.vaultUrl(),
                tls.certificatePath());
    }

    @Override
    public void stop() {
        DisposableServer running = server;
        if (running != null) {
            running.disposeNow(Duration.ofSeconds(5));
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
