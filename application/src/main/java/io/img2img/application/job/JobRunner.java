package io.img2img.application.job;

import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LogContext;
import io.img2img.domain.request.Generation;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * Runs, in the background, every job this process holds (SPEC §10 "The queue"): a job holds one {@link Slot} from
 * its claim until it ends, whether or not a caller still waits. Callers never drive a job: they wait for its
 * changes in the ledger ({@link JobChanges}). The taken slots are the registry of what this process really runs.
 */
final class JobRunner {
    private static final System.Logger LOG = System.getLogger(JobRunner.class.getName());

    final String holder =
            "holder_" + Base64.getUrlEncoder().withoutPadding().encodeToString(new SecureRandom().generateSeed(12));
    final JobLedger ledger;
    final ImageBackend backend;
    final AssetCollector assets;
    final Clock clock;
    final JobChanges changes;
    /** How long a failing ledger write is retried before the job is let go (one lease: then others take it). */
    final Duration patience;
    /** Told which job each piece of work is for: every line logged meanwhile carries its id. */
    final LogContext log;

    private final Semaphore permits;
    private final Set<Slot> taken = ConcurrentHashMap.newKeySet();
    private final Map<String, HeldJob> held = new ConcurrentHashMap<>();
    /** The retry hints of jobs the backend refused before starting anything, for the caller that made them. */
    final Map<String, Duration> refusedRetryAfter = new ConcurrentHashMap<>();

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "img2img-job");
        t.setDaemon(true);
        return t;
    });
    /** Set when the backend refused this node's credentials at a generation request, cleared by one it took. */
    volatile boolean credentialsRefused;

    private volatile Runnable onSlotFreed = () -> {};
    private volatile boolean stopping;

    JobRunner(
            JobLedger ledger,
            ImageBackend backend,
            AssetStore store,
            Clock clock,
            JobChanges changes,
            int slots,
            Duration patience,
            LogContext log) {
        this.ledger = ledger;
        this.backend = backend;
        this.assets = new AssetCollector(backend, store);
        this.clock = clock;
        this.changes = changes;
        this.permits = new Semaphore(slots);
        this.patience = patience;
        this.log = log;
    }

    /** This process's holder id in the ledger. */
    String holder() {
        return holder;
    }

    /** A free slot, or empty when all are taken or the process is stopping (it claims nothing new then). */
    Optional<Slot> takeSlot() {
        if (stopping || !permits.tryAcquire()) {
            return Optional.empty();
        }
        Slot slot = new Slot(this);
        taken.add(slot);
        return Optional.of(slot);
    }

    /** How many of this process's slots are taken now. */
    int slotsInUse() {
        return taken.size();
    }

    boolean hasFreeSlot() {
        return !stopping && permits.availablePermits() > 0;
    }

    /** The jobs this process really works on: the only ones whose leases it renews. */
    Set<String> liveJobIds() {
        return taken.stream().map(Slot::jobId).filter(id -> id != null).collect(Collectors.toSet());
    }

    /** Called by {@link Slot#close()} only. */
    void freed(Slot slot) {
        taken.remove(slot);
        permits.release();
        changes.announce();
        if (slot.jobId() != null && !stopping) {
            onSlotFreed.run();
        }
    }

    /** Called whenever a job's slot is freed (the keeper claims queued work then). */
    void onSlotFreed(Runnable action) {
        this.onSlotFreed = action;
    }

    /** How a claimed job's generation is made on its own thread: rebuilt from the ledger, or the job ended. */
    interface Preparation {
        /** The generation to run, or {@code null} when the job was ended instead (it cannot run). */
        Generation prepare(LedgerJob job);
    }

    /**
     * Runs a job this process holds in {@code slot} (bound to it here), on a thread of its own; {@code generation}
     * is {@code null} for a {@code SUBMITTED} job taken over to be followed. The slot is given back when the run
     * ends, whatever ends it.
     */
    void start(LedgerJob job, Generation generation, Slot slot) {
        start(job, slot, j -> generation);
    }

    /** As {@link #start(LedgerJob, Generation, Slot)}, the generation prepared on the job's thread first. */
    void start(LedgerJob job, Slot slot, Preparation preparation) {
        slot.hold(job.jobId());
        try {
            threads.execute(() -> run(job, slot, preparation));
        } catch (RejectedExecutionException stopped) {
            slot.close(); // the process is stopping: the lease runs out and another process takes the job
        }
    }

    private void run(LedgerJob job, Slot slot, Preparation preparation) {
        try (LogContext.Scope scope = log.job(job.jobId())) {
            runHeld(job, slot, preparation);
        }
    }

    private void runHeld(LedgerJob job, Slot slot, Preparation preparation) {
        try (slot) {
            Generation generation = job.backendJobId() != null ? null : preparation.prepare(job);
            if (generation == null && job.backendJobId() == null) {
                return; // ended by the preparation
            }
            HeldJob run = new HeldJob(this, job, generation);
            held.put(job.jobId(), run);
            try {
                run.run();
                LedgerJob last = run.current();
                if (last.state().terminal()) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "job {0} ended: {1}",
                            job.jobId(),
                            last.state().name().toLowerCase(java.util.Locale.ROOT)
                                    + (last.errorCode() == null ? "" : " (" + last.errorCode() + ")"));
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "job " + job.jobId() + " stopped: " + e.getMessage());
                run.abandon(e);
            } finally {
                held.remove(job.jobId());
            }
        } catch (RuntimeException e) {
            // the preparation failed (the ledger could not be read): the job is no longer renewed, a sweep requeues it
            LOG.log(System.Logger.Level.WARNING, "job " + job.jobId() + " could not start: " + e.getMessage());
        }
    }

    /** A job this process runs was canceled in the ledger: stop its work between samples. */
    void stopIfRunning(String jobId) {
        if (held.containsKey(jobId)) {
            backend.stop(jobId);
        }
    }

    /** From now on no slot is taken: a stopping process claims nothing new (F13). */
    void stopClaiming() {
        stopping = true;
    }

    /**
     * A clean stop (SPEC §10): local runs are stopped and every held job but a submitting one is released to
     * the ledger so another process takes over at once; a POST in flight is waited for up to {@code grace},
     * then its job is marked outcome-unknown.
     */
    void stop(Duration grace) {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        held.values().forEach(HeldJob::stopping);
        held.keySet().forEach(backend::stop);
        try {
            ledger.release(holder);
            while (held.values().stream().anyMatch(HeldJob::posting) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            for (HeldJob run : held.values()) {
                LedgerJob job = run.current();
                if (job.state() == JobState.SUBMITTING) {
                    ledger.markOutcomeUnknown(
                            job, "the process stopped before the backend answered the generation request");
                }
            }
            ledger.release(
                    holder); // a job that reached submitted during the wait: free for takeover now, not in a lease

        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not release the jobs of " + holder + ": " + e.getMessage());
        }
        threads.shutdownNow();
    }
}
