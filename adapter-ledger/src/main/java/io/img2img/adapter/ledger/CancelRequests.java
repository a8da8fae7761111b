package io.img2img.adapter.ledger;

import io.img2img.application.job.JobEvent;
import io.img2img.application.job.JobMachine;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The write-ahead of a backend's cancel action ({@link io.img2img.application.port.out.JobLedger#requestCancel}):
 * {@code submitted → canceling}, a compare-and-set on the state, so of any number of callers on any node exactly one
 * moves the job (and sends the action). Holder and lease are kept: the holder follows the job on.
 */
final class CancelRequests {
    private CancelRequests() {}

    static CancelOutcome requestCancel(Sql sql, String jobId, String backendIdentity) throws SQLException {
        HolderWrites.requireText(backendIdentity, "backendIdentity");
        Optional<LedgerJob> found = JobRows.find(sql, jobId);
        if (found.isEmpty()) {
            return new CancelOutcome(
                    LedgerReads.wasPruned(sql, jobId) ? CancelOutcome.Kind.PRUNED : CancelOutcome.Kind.UNKNOWN, null);
        }
        LedgerJob job = found.get();
        if (job.state().terminal()) {
            return new CancelOutcome(CancelOutcome.Kind.ALREADY_FINISHED, job);
        }
        if (job.state() == JobState.CANCELING) {
            return new CancelOutcome(CancelOutcome.Kind.CANCELING, job);
        }
        if (!JobMachine.sources(JobEvent.REQUEST_CANCEL).contains(job.state())
                || !backendIdentity.equals(job.backendIdentity())) {
            return new CancelOutcome(CancelOutcome.Kind.NOT_CANCELLABLE, job);
        }
        int moved = sql.change(
                "UPDATE jobs SET state = ?, status_version = version + 1, version = version + 1, updated_at = ? "
                        + "WHERE job_id = ? AND backend_identity = ? AND state IN ("
                        + JobRows.codes(JobMachine.sources(JobEvent.REQUEST_CANCEL)) + ")",
                JobRows.code(JobState.CANCELING),
                sql.now(),
                jobId,
                backendIdentity);
        LedgerJob after = JobRows.find(sql, jobId).orElseThrow();
        if (moved == 1) {
            return new CancelOutcome(CancelOutcome.Kind.CANCEL_REQUESTED, after);
        }
        // another write came first (on PostgreSQL the update re-read the row it waited for): say what it is now
        return new CancelOutcome(
                after.state() == JobState.CANCELING
                        ? CancelOutcome.Kind.CANCELING
                        : after.state().terminal()
                                ? CancelOutcome.Kind.ALREADY_FINISHED
                                : CancelOutcome.Kind.NOT_CANCELLABLE,
                after);
    }
}
