package io.img2img.adapter.ledger;

import io.img2img.application.job.JobPolicy;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.PruneResult;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Jobs leaving the ledger's active life: canceled on request, pruned after their retention (leaving a tombstone). */
final class Retention {
    private static final String FINISHED =
            JobRows.codes(List.of(JobState.SUCCESS, JobState.FAILURE, JobState.CANCELED, JobState.OUTCOME_UNKNOWN));
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private Retention() {}

    static CancelOutcome cancel(Sql sql, String jobId) throws SQLException {
        // on PostgreSQL the queue, then the row are locked first, so the state decided on below is the one the
        // update changes (the identity never changes: it is read unlocked)
        Optional<String> identity =
                sql.one("SELECT backend_identity FROM jobs WHERE job_id = ?", row -> row.getString(1), jobId);
        if (identity.isPresent()) {
            QueuePositions.lock(sql, identity.get());
        }
        sql.one("SELECT version FROM jobs WHERE job_id = ?" + sql.dialect().rowLock(), row -> row.getLong(1), jobId);
        Optional<LedgerJob> found = JobRows.find(sql, jobId);
        if (found.isEmpty()) {
            return new CancelOutcome(
                    LedgerReads.wasPruned(sql, jobId) ? CancelOutcome.Kind.PRUNED : CancelOutcome.Kind.UNKNOWN, null);
        }
        JobState state = found.get().state();
        if (state.terminal()) {
            return new CancelOutcome(CancelOutcome.Kind.ALREADY_FINISHED, found.get());
        }
        if (!JobPolicy.cancellable().contains(state)) { // work sent to the backend is not cancellable
            return new CancelOutcome(CancelOutcome.Kind.NOT_CANCELLABLE, found.get());
        }
        // queued, claimed (nothing sent yet) or running locally: the holder's next write fails and it stops
        sql.change(
                "UPDATE jobs SET state = 'canceled', error_code = ?, error_message = ?, holder = NULL, "
                        + "lease_until = NULL, reference_image = NULL, status_version = version + 1, version = version + 1, "
                        + "updated_at = ? WHERE job_id = ? AND version = ?",
                JobLedger.CANCELED_CODE,
                "canceled on request",
                sql.now(),
                jobId,
                found.get().version());
        Spending.endedFrom(sql, jobId, state); // queued or claimed: nothing was sent, its units go back
        return new CancelOutcome(
                CancelOutcome.Kind.CANCELED, JobRows.find(sql, jobId).orElseThrow());
    }

    static PruneResult prune(Sql sql, int retentionDays, int maxJobs) throws SQLException {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retentionDays must be at least 1, got " + retentionDays);
        }
        if (maxJobs < 1) {
            throw new IllegalArgumentException("maxJobs must be at least 1, got " + maxJobs);
        }
        List<String> old = sql.list(
                "SELECT job_id FROM jobs WHERE updated_at < ? AND state IN (" + FINISHED + ") "
                        + "ORDER BY updated_at LIMIT ?",
                row -> row.getString(1),
                sql.now() - retentionDays * DAY_MILLIS,
                maxJobs);
        for (String jobId : old) {
            sql.update(
                    "INSERT INTO job_tombstones (job_id, pruned_at) VALUES (?, ?) ON CONFLICT (job_id) DO NOTHING",
                    jobId,
                    sql.now());
            if (sql.dialect().keepsImages()) { // images kept in the database live as long as their job
                sql.update(
                        "DELETE FROM stored_images WHERE asset_id IN (SELECT asset_id FROM job_images WHERE job_id = ?)",
                        jobId);
            }
            sql.update("DELETE FROM job_images WHERE job_id = ?", jobId);
            WebhookRows.prune(sql, jobId);
            sql.change("DELETE FROM jobs WHERE job_id = ?", jobId);
        }
        if (sql.dialect().keepsImages()) { // an image saved but never recorded by its job (its write failed, F13)
            sql.update(
                    "DELETE FROM stored_images WHERE asset_id IN (SELECT s.asset_id FROM stored_images s WHERE "
                            + "s.created_at < ? AND NOT EXISTS (SELECT 1 FROM job_images i WHERE i.asset_id = s.asset_id) LIMIT ?)",
                    sql.now() - retentionDays * DAY_MILLIS,
                    maxJobs);
        }
        // a key lives as long as its job runs and 24 h after it ended (F4): never while its job is not finished
        int keys = sql.update(
                "DELETE FROM idempotency_keys WHERE idem_key IN (SELECT k.idem_key FROM idempotency_keys k "
                        + "LEFT JOIN jobs j ON j.job_id = k.job_id WHERE j.job_id IS NULL OR (j.state IN (" + FINISHED
                        + ") "
                        + "AND j.updated_at < ?) LIMIT ?)",
                sql.now() - Acceptances.KEY_LIFETIME_MILLIS,
                maxJobs);
        return new PruneResult(old.size(), keys);
    }
}
