package io.github.apimoauth.azure.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/** A scheduler the test drives: runs nothing by itself; {@link #runNext()} moves its clock to the next task and runs it. */
final class ManualTaskScheduler implements TaskScheduler {

    record Task(Runnable runnable, Instant due, CompletableFuture<Void> future) {
    }

    private final List<Task> pending = new ArrayList<>();

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Clock getClock() {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    /** The tasks scheduled and neither run nor cancelled yet. */
    List<Task> pending() {
        pending.removeIf(task -> task.future().isCancelled());
        return List.copyOf(pending);
    }

    /** How long after the current time the next task is due. */
    Duration nextDelay() {
        return Duration.between(now, pending().stream().map(Task::due).min(Comparator.naturalOrder()).orElseThrow());
    }

    void runNext() {
        Task task = pending().stream().min(Comparator.comparing(Task::due)).orElseThrow();
        pending.remove(task);
        now = task.due();
        task.runnable().run();
        task.future().complete(null);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
        Task scheduled = new Task(task, startTime, new CompletableFuture<>());
        pending.add(scheduled);
        return new Future(scheduled);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
        throw new UnsupportedOperationException();
    }

    private record Future(Task task) implements ScheduledFuture<Void> {

        @Override
        public long getDelay(TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int compareTo(Delayed other) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return task.future().cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return task.future().isCancelled();
        }

        @Override
        public boolean isDone() {
            return task.future().isDone();
        }

        @Override
        public Void get() {
            return task.future().join();
        }

        @Override
        public Void get(long timeout, TimeUnit unit) {
            return task.future().join();
        }
    }
}
