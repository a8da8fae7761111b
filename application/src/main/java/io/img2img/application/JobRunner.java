package io.img2img.application;

import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.domain.request.Generation;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Runs, in the background, every job this process holds (SPEC §10 "The queue"): a job holds one of the
 * {@code IMG2IMG_MAX_CONCURRENT_JOBS} slots from its claim until it ends, whether or not a caller still waits.
 * Callers never drive a job: they wait for its changes in the ledger ({@link JobChanges}).
 */
public final class JobRunner {
    private static final System.Logger LOG = System.getLogger(JobRunner.class.getName());

    final String holder = "holder_" + Base64.getUrlEncoder().withoutPadding().encodeToString(new SecureRandom().generateSeed(12));
    final JobLedger ledger;
    final ImageBackend backend;
    final AssetCollector assets;
    final Clock clock;
    final JobChanges changes;
    private final Semaphore slots;
    private final Map<String, HeldJob> held = new ConcurrentHashMap<>();
    /** The retry hints of jobs the backend refused before starting anything, for the caller that made them. */
    final Map<String, Duration> refusedRetryAfter = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "img2img-job");
        t.setDaemon(true);
        return t;
    });
    private volatile Runnable onSlotFreed = () -> { };

    public JobRunner(JobLedger ledger, ImageBackend backend, AssetStore store, Clock clock, JobChanges changes,
                     int slots) {
        this.ledger = ledger;
        this.backend = backend;
        this.assets = new AssetCollector(backend, store);
        this.clock = clock;
        this.changes = changes;
        this.slots = new Semaphore(slots);
    }

    /** This process's holder id in the ledger. */
    public String holder() {
        return holder;
    }

    boolean tryTakeSlot() {
        return slots.tryAcquire();
    }

    boolean hasFreeSlot() {
        return slots.availablePermits() > 0;
    }

    void giveBackSlot() {
        slots.release();
    }

    /** Called whenever a slot is freed (the keeper claims queued work then). */
    void onSlotFreed(Runnable action) {
        this.onSlotFreed = action;
    }

    /**
     * Runs a job this process holds, in a slot already taken; {@code generation} is {@code null} for a
     * {@code SUBMITTED} job taken over to be followed.
     */
    void start(LedgerJob job, Generation generation) {
        HeldJob run = new HeldJob(this, job, generation);
        held.put(job.jobId(), run);
        threads.execute(() -> {
            try {
                run.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "job " + job.jobId() + " stopped: " + e.getMessage());
                run.abandon(e);
            } finally {
                held.remove(job.jobId());
                slots.release();
                changes.announce();
                onSlotFreed.run();
            }
        });
    }

    /** A job this process runs was canceled in the ledger: stop its work between samples. */
    void stopIfRunning(String jobId) {
        if (held.containsKey(jobId)) {
            backend.stop(jobId);
        }
    }

    /**
     * A clean stop (SPEC §10): local runs are stopped and every held job but a submitting one is released to
     * the ledger so another process takes over at once; a POST in flight is waited for up to {@code grace},
     * then its job is marked outcome-unknown.
     */
    void stop(Duration grace) {
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
                    ledger.markOutcomeUnknown(job, "the process stopped before the backend answered the generation request");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not release the jobs of " + holder + ": " + e.getMessage());
        }
        threads.shutdownNow();
    }
}
