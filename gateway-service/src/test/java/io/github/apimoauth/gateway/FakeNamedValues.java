package io.github.apimoauth.gateway;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.apimoauth.gateway.keyvault.NamedValues;
import reactor.core.publisher.Mono;

/** Named values for filter unit tests: "cached" values set directly, and a "vault" an early refresh copies from. */
public class FakeNamedValues implements NamedValues {

    private final Map<String, String> cached = new ConcurrentHashMap<>();

    private final Map<String, String> vault = new ConcurrentHashMap<>();

    public final AtomicInteger earlyRefreshes = new AtomicInteger();

    public FakeNamedValues with(String name, String value) {
        cached.put(name, value);
        vault.put(name, value);
        return this;
    }

    /** A rotation in the vault that the cache has not seen yet. */
    public void rotateInVault(String name, String value) {
        vault.put(name, value);
    }

    @Override
    public void register(String secretName) {
    }

    @Override
    public Optional<String> get(String secretName) {
        return Optional.ofNullable(cached.get(secretName));
    }

    @Override
    public Mono<Void> refreshEarly() {
        return Mono.fromRunnable(() -> {
            earlyRefreshes.incrementAndGet();
            cached.putAll(vault);
        });
    }

    @Override
    public boolean loadedOnce() {
        return true;
    }

    @Override
    public boolean degraded() {
        return false;
    }
}
