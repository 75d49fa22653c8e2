package io.github.apimoauth.azure.refresh;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Driven by a manual scheduler: no test here waits for time to pass. */
class BackgroundRefreshTest {

    private static final Duration INTERVAL = Duration.ofSeconds(60);

    private final ManualTaskScheduler scheduler = new ManualTaskScheduler();

    /** Runs the answers given, in order, counting the runs. */
    private static final class Scripted extends BackgroundRefresh {

        private final Deque<Supplier<Optional<Duration>>> answers;

        private int runs;

        @SafeVarargs
        Scripted(Duration firstDelay, ManualTaskScheduler scheduler, Supplier<Optional<Duration>>... answers) {
            super("test-refresh", firstDelay, scheduler);
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        protected Optional<Duration> runOnce() {
            runs++;
            return answers.removeFirst().get();
        }
    }

    @Test
    void startWhenFirstDelayGivenThenFirstRunIsDueAfterItAndEachRunSchedulesTheNext() {
        Scripted refresh = new Scripted(INTERVAL, scheduler, () -> Optional.of(INTERVAL), () -> Optional.of(Duration.ofSeconds(2)));

        refresh.start();

        assertThat(refresh.runs).isZero();
        assertThat(scheduler.nextDelay()).isEqualTo(INTERVAL);
        scheduler.runNext();
        assertThat(refresh.runs).isEqualTo(1);
        assertThat(scheduler.nextDelay()).isEqualTo(INTERVAL);
        scheduler.runNext();
        assertThat(scheduler.nextDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(refresh.isRunning()).isTrue();
    }

    @Test
    void runWhenWorkIsDoneThenNothingMoreIsScheduledAndItStops() {
        Scripted refresh = new Scripted(Duration.ZERO, scheduler, Optional::empty);
        refresh.start();
        assertThat(scheduler.nextDelay()).isZero();

        scheduler.runNext();

        assertThat(refresh.runs).isEqualTo(1);
        assertThat(scheduler.pending()).isEmpty();
        assertThat(refresh.isRunning()).isFalse();
    }

    @Test
    void stopWhenRunIsPendingThenCancelsItAndIsNoLongerRunning() {
        Scripted refresh = new Scripted(INTERVAL, scheduler, () -> Optional.of(INTERVAL));
        refresh.start();

        refresh.stop();

        assertThat(scheduler.pending()).isEmpty();
        assertThat(refresh.isRunning()).isFalse();
        assertThat(refresh.runs).isZero();
    }

    @Test
    void runWhenItThrowsThenStopsInsteadOfDyingSilently() {
        Scripted refresh = new Scripted(Duration.ZERO, scheduler, () -> {
            throw new IllegalStateException("unexpected");
        });
        refresh.start();

        scheduler.runNext();

        assertThat(scheduler.pending()).isEmpty();
        assertThat(refresh.isRunning()).isFalse();
    }

    @Test
    void startWhenNoSchedulerGivenThenRunsOnItsOwnNamedDaemonThreadAndStopEndsIt() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        BackgroundRefresh refresh = new BackgroundRefresh("named-refresh", Duration.ZERO) {
            @Override
            protected Optional<Duration> runOnce() {
                ranOn.complete(Thread.currentThread());
                return Optional.of(INTERVAL);
            }
        };

        refresh.start();
        Thread thread = ranOn.get(10, TimeUnit.SECONDS);
        refresh.stop();

        assertThat(thread.getName()).isEqualTo("named-refresh");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(refresh.isRunning()).isFalse();
    }
}
