package io.github.apimoauth.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The benchmark's constant-rate load: {@code java -cp benchmarks.jar io.github.apimoauth.bench.FixedRateLoad URL RATE
 * SECONDS WARMUP_SECONDS}. wrk keeps a fixed number of requests in flight, so its rate is whatever the target can take;
 * a latency "at 1,000 req/s" needs an open model instead: request {@code i} is sent at {@code start + i / RATE} whether
 * or not earlier ones have been answered, and its latency counts from that planned moment, so a stall of the target is
 * not hidden by the load slowing down with it (coordinated omission).
 *
 * <p>It first sends at the rate for WARMUP_SECONDS (this JVM's and the target's JIT), then prints {@code MEASURING}, so
 * that the caller can read the target's meters, and measures for SECONDS. The last line is
 * {@code RESULT requests=… rate=… p50_us=… p99_us=… non2xx=… errors=… late_us=…}; {@code late_us} is how far behind its
 * plan the sender fell at worst, which says whether the rate was really held.
 *
 * <p>The credentials come from the environment, as wrk's script reads them ({@code BENCH_TOKEN},
 * {@code BENCH_SUBSCRIPTION_KEY}, {@code BENCH_FUNCTION_KEY}): never from a command line.
 */
public final class FixedRateLoad {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Mono<Integer> call;

    private final long intervalNanos;

    private FixedRateLoad(String url, int rate) {
        ConnectionProvider connections = ConnectionProvider.builder("fixed-rate").maxConnections(512)
            .pendingAcquireMaxCount(-1).build();
        this.call = HttpClient.create(connections).responseTimeout(TIMEOUT).headers(FixedRateLoad::credentials)
            .get().uri(url)
            .response((response, body) -> body.then(Mono.just(response.status().code())))
            .single();
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: FixedRateLoad URL RATE SECONDS WARMUP_SECONDS");
            System.exit(2);
        }
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        if (rate <= 0 || seconds <= 0 || warmup < 0) {
            throw new IllegalArgumentException("RATE and SECONDS must be positive, WARMUP_SECONDS not negative");
        }
        FixedRateLoad load = new FixedRateLoad(args[0], rate);
        load.run(rate * warmup);
        System.out.println("MEASURING");
        System.out.flush();
        System.out.println(load.run(rate * seconds));
        System.exit(0);
    }

    /** Sends {@code total} requests on the plan and waits for their answers; the summary line. */
    private String run(int total) throws InterruptedException {
        long[] latencies = new long[total];
        AtomicInteger non2xx = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(total);
        long start = System.nanoTime();
        long late = 0;
        for (int i = 0; i < total; i++) {
            long planned = start + i * intervalNanos;
            long wait;
            while ((wait = planned - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            late = Math.max(late, -wait);
            int slot = i;
            call.subscribe(status -> {
                latencies[slot] = System.nanoTime() - planned;
                if (status / 100 != 2) {
                    non2xx.incrementAndGet();
                }
                answered.countDown();
            }, failure -> {
                latencies[slot] = System.nanoTime() - planned;
                if (errors.incrementAndGet() == 1) {
                    System.err.println("First failure: " + failure);
                }
                answered.countDown();
            });
        }
        if (!answered.await(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
            errors.addAndGet((int) answered.getCount());
        }
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return String.format(Locale.ROOT, "RESULT requests=%d rate=%.0f p50_us=%d p99_us=%d non2xx=%d errors=%d late_us=%d",
            total, total / elapsedSeconds, percentile(latencies, 0.50), percentile(latencies, 0.99), non2xx.get(),
            errors.get(), TimeUnit.NANOSECONDS.toMicros(late));
    }

    private static void credentials(HttpHeaders headers) {
        header(headers, "Authorization", "BENCH_TOKEN", "Bearer ");
        header(headers, "Ocp-Apim-Subscription-Key", "BENCH_SUBSCRIPTION_KEY", "");
        header(headers, "x-functions-key", "BENCH_FUNCTION_KEY", "");
    }

    private static void header(HttpHeaders headers, String name, String variable, String prefix) {
        String value = System.getenv(variable);
        if (value != null && !value.isEmpty()) {
            headers.set(name, prefix + value);
        }
    }

    private static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return TimeUnit.NANOSECONDS.toMicros(sorted[Math.max(0, Math.min(index, sorted.length - 1))]);
    }
}
