package io.img2img.application.job;

import io.img2img.application.LedgerPolicy;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.PruneResult;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps this process's part of the ledger (SPEC §10 "Who notices"): renews the leases of the jobs it holds
 * every third of a lease, takes back expired leases every half lease, prunes old jobs in bounded batches (at
 * start and daily), and claims work of its own backend identity whenever it has a free slot: queued jobs
 * (oldest first, local jobs put back by a sweep included) and submitted jobs whose holder died, to follow them;
 * queued jobs also on every change announcement (a short poll of the ledger's change counter, which every
 * process's writes move).
 * Started by {@code serve} at once and by {@code mcp} at its first use of the ledger.
 */
final class LedgerKeeper {
    private static final System.Logger LOG = System.getLogger(LedgerKeeper.class.getName());

    private final JobLedger ledger;
    private final JobRunner runner;
    private final LedgerPolicy policy;
    private final WorkClaimer claimer;
    private final AtomicBoolean started = new AtomicBoolean();
    /** Set when a change poll failed, cleared by the next sweep that reached the ledger. */
    private volatile boolean ledgerFailing;

    private volatile boolean othersAnnounce;
    private final AtomicBoolean claimDue = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "img2img-ledger-keeper");
        t.setDaemon(true);
        return t;
    });
    /** The heartbeat has a thread of its own: no sweep, claim or prune ever delays it (F7). */
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "img2img-ledger-heartbeat");
        t.setDaemon(true);
        return t;
    });

    LedgerKeeper(JobLedger ledger, JobRunner runner, ClaimedGeneration generations, LedgerPolicy policy) {
        this.ledger = ledger;
        this.runner = runner;
        this.policy = policy;
        this.claimer = new WorkClaimer(ledger, runner, generations);
        runner.onSlotFreed(this::claimSoon);
    }

    /**
     * Starts keeping (once). The first sweep and claim run in the caller, before it records anything (the claimed
     * jobs then start on the keeper's thread): the caller's own first job never races the keeper for a slot.
     */
    void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        guarded(this::sweepAndClaim);
        long lease = policy.lease().toMillis();
        heartbeat.scheduleWithFixedDelay(
                () -> guarded(this::renewLiveJobs), lease / 3, lease / 3, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> guarded(this::sweepAndClaim), lease / 2, lease / 2, TimeUnit.MILLISECONDS);
        long poll = JobChanges.OTHER_PROCESSES.toMillis(); // SQLite's announcement across processes: its change counter
        timer.scheduleWithFixedDelay(this::claimOnChange, poll, poll, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(
                () -> guarded(this::prune), 0, Duration.ofDays(1).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A job may be waiting (one was queued, a slot freed, another node wrote); bursts make one claim pass. */
    void claimSoon() {
        if (started.get() && claimDue.compareAndSet(false, true)) {
            try {
                timer.execute(() -> {
                    claimDue.set(false);
                    claimWork();
                });
            } catch (RejectedExecutionException stopped) {
                // the keeper stopped: the jobs left queued wait for the next process
            }
        }
    }

    /**
     * Renews the leases of the jobs this process really works on, and only those (F5): a job whose run died is no
     * longer renewed, so its lease runs out and a sweep (of any process) takes it back.
     */
    private void renewLiveJobs() {
        ledger.heartbeat(runner.holder, runner.liveJobIds());
    }

    /** A stopping process (its HTTP drain) claims nothing new; the jobs it runs go on (F13). */
    void stopClaiming() {
        runner.stopClaiming();
    }

    /**
     * Stops keeping and lets go of the held jobs (SPEC §10 "A stop"), waiting up to {@code grace} for a POST; the
     * heartbeat goes on meanwhile, so the stop, not another process's sweep, decides what a job in flight becomes.
     */
    void stop(Duration grace) {
        timer.shutdownNow();
        if (started.get()) {
            runner.stop(grace);
        }
        heartbeat.shutdownNow();
    }

    /** One pruning pass as {@code img2img prune} runs it: up to {@code maxJobs} old jobs and the expired keys. */
    PruneResult pruneNow(int maxJobs) {
        return ledger.prune(policy.retentionDays(), maxJobs);
    }

    private void sweepAndClaim() {
        if (ledger.sweepExpiredLeases().total() > 0) {
            runner.changes.announce();
        }
        ledgerFailing = false;
        claimWork();
    }

    /**
     * The ledger announces other processes' changes itself (PostgreSQL's LISTEN/NOTIFY reaches
     * {@link JobEngine#changedElsewhere()}): polling its change counter would only repeat that.
     */
    void othersAnnounceTheirChanges() {
        othersAnnounce = true;
    }

    /** Quiet while the ledger fails: the half-lease sweep reports it, and tries again before the polls resume. */
    private void claimOnChange() {
        if (ledgerFailing || othersAnnounce) {
            return;
        }
        try {
            claimer.claimOnChange();
        } catch (RuntimeException e) {
            ledgerFailing = true;
        }
    }

    private void prune() {
        PruneResult pruned = pruneNow(LedgerPolicy.PRUNE_BATCH);
        if (pruned.jobs() + pruned.keys() > 0) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "pruned " + pruned.jobs() + " jobs and " + pruned.keys() + " idempotency keys");
        }
    }

    private void claimWork() {
        guarded(() -> claimer.claim(true));
    }

    static void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the job ledger could not be kept: " + e.getMessage());
        }
    }
}
