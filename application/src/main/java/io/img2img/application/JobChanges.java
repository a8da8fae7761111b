package io.img2img.application;

import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.LedgerJob;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Waiting is pushed where the work is ours (SPEC §10): every ledger write this process makes is announced here
 * and wakes the waiters at once, so a local job is answered as soon as it ends. Changes made by other nodes on a
 * shared PostgreSQL ledger are announced here too ({@link LedgerJobs#changedElsewhere()}); a short poll of the
 * job's version while anyone waits covers the rest (other processes on one SQLite file, a lost announcement).
 */
public final class JobChanges {
    /** How often a waiter looks at the ledger for changes made by other processes. */
    static final Duration OTHER_PROCESSES = Duration.ofMillis(50);

    private final Object monitor = new Object();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long announced;

    /** Something changed in the ledger: wake every waiter, and tell every listener (each must return at once). */
    void announce() {
        synchronized (monitor) {
            announced++;
            monitor.notifyAll();
        }
        listeners.forEach(Runnable::run);
    }

    /** Calls {@code listener} on every change this process writes, until the returned handle is closed. */
    AutoCloseable subscribe(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * The job once {@code done} holds for it, or as it is when {@code budget} ends; empty when the ledger does
     * not know it. The listener hears the progress of every version read.
     */
    Optional<LedgerJob> await(JobLedger ledger, String jobId, Predicate<LedgerJob> done, Duration budget,
                              ProgressListener listener) {
        long deadline = System.nanoTime() + budget.toNanos();
        double told = -1;
        while (true) {
            long seen;
            synchronized (monitor) {
                seen = announced;
            }
            Optional<LedgerJob> job = ledger.find(jobId);
            if (job.isEmpty()) {
                return job;
            }
            if (job.get().progress() > told && !job.get().state().terminal()) {
                told = job.get().progress();
                listener.onProgress(told, "job " + jobId + ": " + job.get().state().name().toLowerCase(java.util.Locale.ROOT));
            }
            long remaining = deadline - System.nanoTime();
            if (done.test(job.get()) || remaining <= 0) {
                return job;
            }
            try {
                synchronized (monitor) {
                    long wait = Math.min(remaining, OTHER_PROCESSES.toNanos());
                    long until = System.nanoTime() + wait;
                    while (announced == seen && (wait = until - System.nanoTime()) > 0) {
                        monitor.wait(Math.max(1, wait / 1_000_000));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return job;
            }
        }
    }
}
