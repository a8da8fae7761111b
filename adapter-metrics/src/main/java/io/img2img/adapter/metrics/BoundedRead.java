package io.img2img.adapter.metrics;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A read of the database for a scrape, waited for at most {@link Metrics#QUEUE_READ_BOUND}: a node whose database
 * hangs still answers its scrape at once (with the fallback; its ledger failures and readiness say why). One read in
 * flight: a scrape that comes while the last read still hangs waits on that read rather than starting another, so a
 * hung database never gathers threads.
 */
public final class BoundedRead<T> {
    private final String threadName;
    private final Supplier<T> read;
    private CompletableFuture<T> inFlight;

    /** @param threadName the name of the (daemon) thread each read runs on */
    public BoundedRead(String threadName, Supplier<T> read) {
        this.threadName = threadName;
        this.read = read;
    }

    /** The read's answer, or {@code fallback} when it failed or did not answer within the bound. */
    public T get(T fallback) {
        CompletableFuture<T> current;
        synchronized (this) {
            if (inFlight == null || inFlight.isDone()) {
                inFlight = CompletableFuture.supplyAsync(read, runnable -> {
                    Thread thread = new Thread(runnable, threadName);
                    thread.setDaemon(true);
                    thread.start();
                });
            }
            current = inFlight;
        }
        try {
            return current.get(Metrics.QUEUE_READ_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        } catch (ExecutionException | TimeoutException e) {
            return fallback; // a failure is counted by the measured ledger
        }
    }
}
