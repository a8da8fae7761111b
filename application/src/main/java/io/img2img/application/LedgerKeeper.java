package io.img2img.application;

import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.PruneResult;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps this process's part of the ledger (SPEC §10 "Who notices"): renews the leases of the jobs it holds
 * every third of a lease, takes back expired leases every half lease, prunes old jobs in bounded batches (at
 * start and daily), and claims work of its own backend identity whenever it has a free slot: queued jobs
 * (oldest first, local jobs put back by a sweep included) and submitted jobs whose holder died, to follow them.
 * Started by {@code serve} at once and by {@code mcp} at its first use of the ledger.
 */
public final class LedgerKeeper {
    private static final System.Logger LOG = System.getLogger(LedgerKeeper.class.getName());

    private final JobLedger ledger;
    private final JobRunner runner;
    private final ClaimedGeneration generations;
    private final LedgerPolicy policy;
    private final AtomicBoolean started = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "img2img-ledger-keeper");
        t.setDaemon(true);
        return t;
    });

    LedgerKeeper(JobLedger ledger, JobRunner runner, ClaimedGeneration generations, LedgerPolicy policy) {
        this.ledger = ledger;
        this.runner = runner;
        this.generations = generations;
        this.policy = policy;
        runner.onSlotFreed(() -> timer.execute(this::claimWork));
    }

    /**
     * Starts keeping (once). The first sweep and claim run in the caller, before it records anything (the claimed
     * jobs then start on the keeper's thread): the caller's own first job never races the keeper for a slot.
     */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        guarded(this::sweepAndClaim);
        long lease = policy.lease().toMillis();
        timer.scheduleWithFixedDelay(() -> guarded(() -> ledger.heartbeat(runner.holder)), lease / 3, lease / 3,
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> guarded(this::sweepAndClaim), lease / 2, lease / 2, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> guarded(this::prune), 0, Duration.ofDays(1).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A job may be waiting to be claimed (one was queued, a slot was freed). */
    void claimSoon() {
        if (started.get()) {
            timer.execute(this::claimWork);
        }
    }

    /** Stops keeping and lets go of the held jobs (SPEC §10 "A stop"), waiting up to {@code grace} for a POST. */
    public void stop(Duration grace) {
        timer.shutdownNow();
        if (started.get()) {
            runner.stop(grace);
        }
    }

    /** One pruning pass as {@code img2img prune} runs it: up to {@code maxJobs} old jobs and the expired keys. */
    public PruneResult pruneNow(int maxJobs) {
        return ledger.prune(policy.retentionDays(), maxJobs);
    }

    private void sweepAndClaim() {
        if (ledger.sweepExpiredLeases().total() > 0) {
            runner.changes.announce();
        }
        claimWork();
    }

    private void prune() {
        PruneResult pruned = pruneNow(LedgerPolicy.PRUNE_BATCH);
        if (pruned.jobs() + pruned.keys() > 0) {
            LOG.log(System.Logger.Level.INFO, "pruned " + pruned.jobs() + " jobs and " + pruned.keys() + " idempotency keys");
        }
    }

    private void claimWork() {
        guarded(() -> {
            while (runner.tryTakeSlot()) {
                Optional<LedgerJob> job = ledger.takeOverSubmitted(runner.backend.identity(), runner.holder);
                if (job.isEmpty()) {
                    job = ledger.claimOldestQueued(runner.backend.identity(), runner.holder);
                }
                if (job.isEmpty()) {
                    runner.giveBackSlot();
                    return;
                }
                runner.changes.announce();
                LedgerJob claimed = job.get();
                timer.execute(() -> guarded(() -> start(claimed))); // its model look-up never holds up the caller
            }
        });
    }

    private void start(LedgerJob job) {
        if (job.backendJobId() != null) {
            runner.start(job, null);
            return;
        }
        ClaimedGeneration.Rebuilt rebuilt = generations.rebuild(job);
        if (rebuilt.failure() != null) {
            ledger.finish(job, rebuilt.failure());
            runner.giveBackSlot();
            runner.changes.announce();
            return;
        }
        runner.start(job, rebuilt.generation());
    }

    private static void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the job ledger could not be kept: " + e.getMessage());
        }
    }
}
