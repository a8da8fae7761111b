package io.img2img.application.job;

import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.LedgerJob;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Waiting is pushed where the work is ours (SPEC §10): every ledger write this process makes is announced here,
 * and a job's new version is handed to that job's waiters directly, waking one only when it has something to
 * do with it (its job is done, or has progress to report). Changes made by other nodes on a shared PostgreSQL
 * ledger are announced here too ({@link JobEngine#changedElsewhere()}); a short poll of the ledger while anyone
 * waits covers the rest (other processes on one SQLite file, a lost announcement).
 */
final class JobChanges {
    /** How often a waiter looks at the ledger for changes made by other processes. */
    static final Duration OTHER_PROCESSES = Duration.ofMillis(50);
    /** As often, when the ledger announces other processes' changes itself (PostgreSQL): a look is only a safety net. */
    static final Duration OTHER_PROCESSES_ANNOUNCED = Duration.ofSeconds(1);

    private final Map<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    /**
     * One watch per job, shared by its waiters (F10): the job as last read and when; a waiter whose look is due takes
     * this read while it is fresher than one poll interval, so N waiters of one job make one read, not N.
     */
    private final Map<String, Read> lastRead = new ConcurrentHashMap<>();

    private volatile Duration poll = OTHER_PROCESSES;

    private record Read(Optional<LedgerJob> job, long nanos) {}

    /** The ledger announces other processes' changes: waiters look at it far less often. */
    void othersAnnounce() {
        poll = OTHER_PROCESSES_ANNOUNCED;
    }

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /**
     * Something changed that is not one job's new version as written here (a sweep, a cancel, a freed slot, another
     * process's write): every waiter reads the ledger again, and every listener is told (each must return at once).
     */
    void announce() {
        lastRead.clear();
        waiting.values().forEach(waiters -> waiters.forEach(Waiter::readAgain));
        listeners.forEach(Runnable::run);
    }

    /** {@code changed} is a job's new version, just written by this process: its waiters see it without a read. */
    void announce(LedgerJob changed) {
        lastRead.remove(changed.jobId());
        Set<Waiter> waiters = waiting.get(changed.jobId());
        if (waiters != null) {
            waiters.forEach(w -> w.offer(changed));
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
     * not know it. The listener hears the progress of every version seen.
     */
    Optional<LedgerJob> await(
            JobLedger ledger, String jobId, Predicate<LedgerJob> done, Duration budget, ProgressListener listener) {
        return await(ledger, jobId, done, budget, listener, new AtomicReference<>());
    }

    /**
     * As {@link #await(JobLedger, String, Predicate, Duration, ProgressListener)}, keeping in {@code lastSeen} every
     * version read or pushed: when a read throws, the caller still knows the job as it last was.
     */
    Optional<LedgerJob> await(
            JobLedger ledger,
            String jobId,
            Predicate<LedgerJob> done,
            Duration budget,
            ProgressListener listener,
            AtomicReference<LedgerJob> lastSeen) {
        long deadline = System.nanoTime() + budget.toNanos();
        Waiter waiter = new Waiter(done, listener != ProgressListener.NONE);
        Set<Waiter> waiters = waiting.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet());
        waiters.add(waiter);
        try {
            Optional<LedgerJob> read = ledger.find(jobId); // the first look is always fresh
            while (read.isPresent()) {
                LedgerJob job = read.get();
                lastSeen.set(job);
                if (job.progress() > waiter.told && !job.state().terminal()) {
                    waiter.told = job.progress();
                    listener.onProgress(
                            job.progress(),
                            "job " + jobId + ": " + job.state().name().toLowerCase(Locale.ROOT));
                }
                long remaining = deadline - System.nanoTime();
                if (done.test(job) || remaining <= 0) {
                    return read;
                }
                LockSupport.parkNanos(this, Math.min(remaining, poll.toNanos()));
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    return read;
                }
                LedgerJob pushed = waiter.take();
                read = pushed != null && pushed.version() > job.version() ? Optional.of(pushed) : shared(ledger, jobId);
            }
            return read;
        } finally {
            waiters.remove(waiter);
            if (waiting.computeIfPresent(jobId, (id, set) -> set.isEmpty() ? null : set) == null) {
                lastRead.remove(jobId);
            }
        }
    }

    /** The job as its shared watch last read it, read again only when that read is older than one poll interval. */
    private Optional<LedgerJob> shared(JobLedger ledger, String jobId) {
        long now = System.nanoTime();
        Read last = lastRead.get(jobId);
        if (last != null && now - last.nanos() < poll.toNanos()) {
            return last.job();
        }
        Optional<LedgerJob> job = ledger.find(jobId);
        lastRead.put(jobId, new Read(job, now));
        if (waiting.get(jobId) == null) {
            lastRead.remove(jobId); // nobody waits any more: keep nothing
        }
        return job;
    }

    /** One caller waiting for one job: woken by a version it can use, or told to read the ledger again. */
    private static final class Waiter {
        private final Thread thread = Thread.currentThread();
        private final Predicate<LedgerJob> done;
        private final boolean reportsProgress;
        private final AtomicReference<LedgerJob> pushed = new AtomicReference<>();
        private volatile boolean readAgain;
        private volatile double told = -1;

        Waiter(Predicate<LedgerJob> done, boolean reportsProgress) {
            this.done = done;
            this.reportsProgress = reportsProgress;
        }

        void offer(LedgerJob job) {
            if (done.test(job)
                    || reportsProgress && job.progress() > told && !job.state().terminal()) {
                pushed.accumulateAndGet(job, (had, next) -> had == null || next.version() > had.version() ? next : had);
                LockSupport.unpark(thread);
            }
        }

        void readAgain() {
            readAgain = true;
            LockSupport.unpark(thread);
        }

        /** The version pushed since the last look, or {@code null} when the ledger must be read. */
        LedgerJob take() {
            LedgerJob job = pushed.getAndSet(null);
            if (readAgain) {
                readAgain = false;
                return null;
            }
            return job;
        }
    }
}
