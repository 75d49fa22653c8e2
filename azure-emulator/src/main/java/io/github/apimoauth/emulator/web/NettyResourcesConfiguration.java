package io.github.apimoauth.emulator.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Reactor Netty, with event loops of the emulator's own. Services' tests run the emulator in their JVM: with Reactor
 * Netty's global loops, closing one application context would stop the other's servers and clients; and with Tomcat
 * on a servlet service's classpath, Boot would otherwise serve the emulator from Tomcat, without the Netty-level
 * guards the emulator relies on.
 */
@Configuration(proxyBeanMethods = false)
class NettyResourcesConfiguration {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }

    @Bean
    NettyReactiveWebServerFactory nettyReactiveWebServerFactory(ReactorResourceFactory resources,
            ObjectProvider<NettyServerCustomizer> customizers) {
        NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory();
        factory.setResourceFactory(resources);
        customizers.orderedStream().forEach(factory::addServerCustomizers);
        return factory;
    }
}
