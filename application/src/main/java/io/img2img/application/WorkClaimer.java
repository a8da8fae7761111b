package io.img2img.application;

import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestTree;
import io.img2img.domain.result.ErrorCode;

import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Claims work of this process's backend identity into its free slots and starts it (SPEC §10 "Who notices").
 * Every method runs on the keeper's one thread, so a slot is taken before each claim and claims never race
 * each other past the bound; the ledger's claim is one atomic move, so processes never take the same job.
 */
final class WorkClaimer {
    private final JobLedger ledger;
    private final JobRunner runner;
    private final ClaimedGeneration generations;
    private final Executor keeperThread;
    /** The ledger's change counter when last looked at; only the keeper's thread reads and writes it. */
    private long seenChanges = -1;

    WorkClaimer(JobLedger ledger, JobRunner runner, ClaimedGeneration generations, Executor keeperThread) {
        this.ledger = ledger;
        this.runner = runner;
        this.generations = generations;
        this.keeperThread = keeperThread;
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
        while (runner.tryTakeSlot()) {
            Optional<LedgerJob> job = takeOver ? ledger.takeOverSubmitted(runner.backend.identity(), runner.holder)
                    : Optional.empty();
            if (job.isEmpty()) {
                job = ledger.claimOldestQueued(runner.backend.identity(), runner.holder);
            }
            if (job.isEmpty()) {
                runner.giveBackSlot();
                return;
            }
            runner.changes.announce();
            LedgerJob claimed = job.get();
            keeperThread.execute(() -> LedgerKeeper.guarded(() -> start(claimed))); // a model look-up never holds up the caller
        }
    }

    private void start(LedgerJob job) {
        if (job.backendJobId() != null) {
            runner.start(job, null);
            return;
        }
        ClaimedGeneration.Rebuilt rebuilt = generations.rebuild(job); // fitted again, as when it was accepted
        if (rebuilt.failure() != null) {
            end(job, rebuilt.failure());
            return;
        }
        runner.start(job, rebuilt.generation());
    }

    private void end(LedgerJob job, JobEnd end) {
        ledger.finish(job, end);
        runner.giveBackSlot();
        runner.changes.announce();
    }
}
