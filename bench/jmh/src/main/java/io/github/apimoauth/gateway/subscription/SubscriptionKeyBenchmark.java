package io.github.apimoauth.gateway.subscription;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.github.apimoauth.gateway.keyvault.NamedValues;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

/**
 * The subscription-key match every gateway call makes, in microseconds per call: the presented key against every
 * held key of every subscription, in constant time. With one subscription (the gateway's own configuration) and with
 * 25; a known key (the last subscription's secondary key, so every comparison runs) and an unknown one (a guess, which
 * costs the same). In the gateway's package, so it can build the package-private {@link Subscriptions}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SubscriptionKeyBenchmark {

    private static final String API = "backend-api";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** How many subscriptions the gateway holds. */
    @Param({ "1", "25" })
    public int subscriptions;

    private Subscriptions held;

    private String knownKey;

    private String unknownKey;

    @Setup
    public void setUp() {
        Map<String, SubscriptionProperties.Subscription> config = new HashMap<>();
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < subscriptions; i++) {
            String name = "caller-" + i;
            config.put(name, new SubscriptionProperties.Subscription(SubscriptionProperties.State.ACTIVE, List.of(API),
                    name + "-primary", name + "-secondary"));
            values.put(name + "-primary", newKey());
            values.put(name + "-secondary", newKey());
        }
        knownKey = values.get("caller-" + (subscriptions - 1) + "-secondary");
        unknownKey = newKey();
        held = new Subscriptions(new SubscriptionProperties(config), new LoadedValues(Map.copyOf(values)));
        if (held.match(API, knownKey).outcome() != Subscriptions.Outcome.ACCEPTED
                || held.match(API, unknownKey).outcome() != Subscriptions.Outcome.UNKNOWN) {
            throw new IllegalStateException("the benchmark's keys do not match as intended");
        }
    }

    @Benchmark
    public Object knownKey() {
        return held.match(API, knownKey);
    }

    @Benchmark
    public Object unknownKey() {
        return held.match(API, unknownKey);
    }

    /** An APIM-style key: 32 hex characters. */
    private static String newKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Named values Key Vault has already answered for, as the gateway holds them between refreshes. */
    private record LoadedValues(Map<String, String> values) implements NamedValues {

        @Override
        public void register(String secretName) {
        }

        @Override
        public Optional<String> get(String secretName) {
            return Optional.ofNullable(values.get(secretName));
        }

        @Override
        public Mono<Void> refreshEarly() {
            return Mono.empty();
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
}
