package io.github.apimoauth.azure.refresh;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The one way the services refresh in the background what they read from Azure (keys, tokens, secrets), so requests
 * only ever read memory. A subclass says what one run does and when the next one is due; this class runs it on a
 * Spring {@link TaskScheduler}, starts with the application context and stops with it: {@link #stop()} cancels the
 * next run and interrupts the current one, so shutdown never waits on Azure.
 * <p>
 * By default each refresher has its own single daemon thread, named as its log lines show it, so a slow vault never
 * delays another refresher. Tests pass a scheduler they drive themselves instead of waiting.
 */
public abstract class BackgroundRefresh implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundRefresh.class);

    private final String name;

    private final Duration firstDelay;

    private final TaskScheduler givenScheduler;

    private TaskScheduler scheduler;

    private ThreadPoolTaskScheduler ownScheduler;

    private ScheduledFuture<?> next;

    /**
     * @param name the refresher's thread name, as its log lines show it
     * @param firstDelay when the first run is due after start: zero to load at once (off the start-up thread)
     */
    protected BackgroundRefresh(String name, Duration firstDelay) {
        this(name, firstDelay, null);
    }

    /** With a scheduler the caller owns and drives (a test's); null for a thread of the refresher's own. */
    protected BackgroundRefresh(String name, Duration firstDelay, TaskScheduler scheduler) {
        this.name = name;
        this.firstDelay = firstDelay;
        this.givenScheduler = scheduler;
    }

    /**
     * One run. Handles its own failures, as each refresher knows which ones to retry and what to log.
     *
     * @return the delay before the next run, or empty when the work is done and the refresher may stop
     */
    protected abstract Optional<Duration> runOnce();

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        if (givenScheduler == null) {
            ownScheduler = new ThreadPoolTaskScheduler();
            ownScheduler.setThreadFactory(runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
            });
            ownScheduler.initialize();
            scheduler = ownScheduler;
        }
        else {
            scheduler = givenScheduler;
        }
        scheduleIn(firstDelay);
    }

    private void run() {
        Optional<Duration> after;
        try {
            after = runOnce();
        }
        catch (RuntimeException ex) {
            // A refresher handles what it expects; anything else ends it, but never silently.
            log.error("Background refresh {} failed unexpectedly and stops", name, ex);
            after = Optional.empty();
        }
        synchronized (this) {
            // This run's own future: stopping below must not interrupt the thread that is finishing it.
            next = null;
            if (scheduler == null) {
                return;
            }
            if (after.isPresent()) {
                scheduleIn(after.get());
            }
            else {
                stop();
            }
        }
    }

    private void scheduleIn(Duration delay) {
        next = scheduler.schedule(this::run, scheduler.getClock().instant().plus(delay));
    }

    @Override
    public synchronized void stop() {
        if (next != null) {
            next.cancel(true);
            next = null;
        }
        if (ownScheduler != null) {
            ownScheduler.shutdown();
            ownScheduler = null;
        }
        scheduler = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
