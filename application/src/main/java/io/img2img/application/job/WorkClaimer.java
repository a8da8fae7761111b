package io.img2img.application.job;

import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LogContext;
import io.img2img.domain.request.Generation;
import java.util.Optional;

/**
 * Claims work of this process's backend identity into its free slots and starts it (SPEC §10 "Who notices").
 * Every method runs on the keeper's one thread, so a slot is taken before each claim and claims never race
 * each other past the bound; the ledger's claim is one atomic move, so processes never take the same job.
 * A claimed job's start (its request rebuilt: a model look-up, a reference fitted again) runs on the job's own
 * thread, never the keeper's (F7). A slot is given back on every path a claim can fail by (F6).
 */
final class WorkClaimer {
    private static final System.Logger LOG = System.getLogger(WorkClaimer.class.getName());
    private final JobLedger ledger;
    private final JobRunner runner;
    private final ClaimedGeneration generations;
    /** The ledger's change counter when last looked at; only the keeper's thread reads and writes it. */
    private long seenChanges = -1;

    WorkClaimer(JobLedger ledger, JobRunner runner, ClaimedGeneration generations) {
        this.ledger = ledger;
        this.runner = runner;
        this.generations = generations;
    }

    /**
     * A change announcement (any process's write moves the ledger's change counter): with a free slot, claim
     * the queued work. Reads only, unless the counter moved and a job of this identity is queued.
     */
    void claimOnChange() {
        if (!runner.hasFreeSlot()) {
            return;
        }
        long changes = ledger.changeCount();
        if (changes == seenChanges) {
            return;
        }
        seenChanges = changes;
        if (ledger.queuedCount(runner.backend.identity()) > 0) {
            claim(false);
        }
    }

    /** Fills the free slots: submitted jobs whose holder died first (when {@code takeOver}), then the oldest queued. */
    void claim(boolean takeOver) {
        while (true) {
            Optional<Slot> free = runner.takeSlot();
            if (free.isEmpty()) {
                return;
            }
            Slot slot = free.get();
            boolean started = false;
            try {
                Optional<LedgerJob> job = takeOver
                        ? ledger.takeOverSubmitted(runner.backend.identity(), runner.holder)
                        : Optional.empty();
                if (job.isEmpty()) {
                    job = ledger.claimOldestQueued(runner.backend.identity(), runner.holder);
                }
                if (job.isEmpty()) {
                    return;
                }
                try (LogContext.Scope scope = runner.log.job(job.get().jobId())) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            job.get().backendJobId() == null
                                    ? "job {0} claimed from the queue"
                                    : "job {0} taken over, to follow it at the backend",
                            job.get().jobId());
                    runner.changes.announce();
                    runner.start(job.get(), slot, this::prepare);
                    started = true;
                }
            } finally {
                if (!started) {
                    slot.close();
                }
            }
        }
    }

    /** On the job's thread: its generation rebuilt as when it was accepted, or the job ended when it can no longer run. */
    private Generation prepare(LedgerJob job) {
        ClaimedGeneration.Rebuilt rebuilt = generations.rebuild(job);
        if (rebuilt.failure() != null) {
            end(job, rebuilt.failure());
            return null;
        }
        return rebuilt.generation();
    }

    private void end(LedgerJob job, JobEnd end) {
        ledger.finish(job, end);
        runner.changes.announce();
    }
}
