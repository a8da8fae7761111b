package io.img2img.adapter.ledger;

import io.img2img.application.job.JobEvent;
import io.img2img.application.job.JobMachine;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.domain.result.ProducedImage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A holder's moves of its job, each a compare-and-set on (job, holder, version, expected states): when another
 * write came first the update matches no row and the holder learns it no longer holds the job. Each renews
 * the lease; an ending drops the holder, the lease and the kept reference image.
 */
final class HolderWrites {
    /** An ending also changes what a status event says: the job's status version moves with it. */
    private static final String ENDED =
            "holder = NULL, lease_until = NULL, reference_image = NULL, " + "status_version = version + 1";

    private HolderWrites() {}

    static Optional<LedgerJob> markSubmitting(Sql sql, LedgerJob held) throws SQLException {
        return renewingMove(sql, held, JobEvent.MARK_SUBMITTING, JobState.SUBMITTING, "");
    }

    /** {@code event} moves the held job to {@code to}, renewing its lease; {@code alsoSet} sets more columns. */
    private static Optional<LedgerJob> renewingMove(
            Sql sql, LedgerJob held, JobEvent event, JobState to, String alsoSet) throws SQLException {
        return move(
                sql, held, JobMachine.sources(event), "state = ?, " + alsoSet + renewed(), code(to), sql.leaseEnd());
    }

    static Optional<LedgerJob> markSubmitted(Sql sql, LedgerJob held, String backendJobId, Double billed)
            throws SQLException {
        requireText(backendJobId, "backendJobId");
        Optional<LedgerJob> moved = move(
                sql,
                held,
                JobMachine.sources(JobEvent.MARK_SUBMITTED),
                "state = ?, backend_job_id = ?, price = COALESCE(?, price), " + renewed(),
                code(JobState.SUBMITTED),
                backendJobId,
                billed,
                sql.leaseEnd());
        if (moved.isPresent()) {
            Spending.submitted(sql, held, billed);
        }
        return moved;
    }

    static Optional<LedgerJob> markRunning(Sql sql, LedgerJob held) throws SQLException {
        return renewingMove(sql, held, JobEvent.MARK_RUNNING, JobState.RUNNING, "runs = runs + 1, ");
    }

    static Optional<LedgerJob> recordProgress(Sql sql, LedgerJob held, double progress, List<ProducedImage> images)
            throws SQLException {
        if (!(progress >= 0 && progress <= 1)) {
            throw new IllegalArgumentException("progress must be between 0 and 1, got " + progress);
        }
        Optional<LedgerJob> moved = move(
                sql,
                held,
                JobMachine.sources(JobEvent.PROGRESS),
                "progress = ?, progress_version = CASE WHEN progress = ? THEN COALESCE(progress_version, version) "
                        + "ELSE version + 1 END, " + renewed(),
                progress,
                progress,
                sql.leaseEnd());
        return withImages(sql, moved, images);
    }

    static Optional<LedgerJob> finish(Sql sql, LedgerJob held, JobEnd end) throws SQLException {
        Optional<LedgerJob> moved = move(
                sql,
                held,
                JobMachine.endsFrom(end.state()), // the table says which ends may follow which state
                "state = ?, error_code = ?, error_message = ?, progress = ?, " + ENDED,
                code(end.state()),
                end.errorCode(),
                end.errorMessage(),
                end.state() == JobState.SUCCESS ? 1.0 : held.progress());
        if (moved.isPresent() && end.state() != JobState.SUCCESS) {
            Spending.endedFrom(sql, held.jobId(), held.state()); // the CAS proved the row was in held's state
        }
        return withImages(sql, moved, end.images());
    }

    static Optional<LedgerJob> markOutcomeUnknown(Sql sql, LedgerJob held, String message) throws SQLException {
        return move(
                sql,
                held,
                JobMachine.sources(JobEvent.MAY_HAVE_STARTED),
                "state = ?, error_code = ?, error_message = ?, " + ENDED,
                code(JobState.OUTCOME_UNKNOWN),
                JobLedger.OUTCOME_UNKNOWN_CODE,
                message);
    }

    static boolean recordLateBackendJobId(Sql sql, String jobId, String backendJobId) throws SQLException {
        requireText(backendJobId, "backendJobId");
        return sql.change(
                        "UPDATE jobs SET backend_job_id = ?, version = version + 1, updated_at = ? "
                                + "WHERE job_id = ? AND state = ? AND backend_job_id IS NULL",
                        backendJobId,
                        sql.now(),
                        jobId,
                        code(JobState.OUTCOME_UNKNOWN))
                == 1;
    }

    /** {@link JobLedger#fencePosted}: a write that ignores the version and the holder (F3). */
    static Optional<LedgerJob> fencePosted(Sql sql, String jobId, String backendJobId, String message)
            throws SQLException {
        requireText(backendJobId, "backendJobId");
        Optional<LedgerJob> row = JobRows.find(sql, jobId);
        if (row.isEmpty()) {
            return row;
        }
        boolean queued = row.get().state() == JobState.QUEUED;
        if (queued) {
            QueuePositions.lock(sql, row.get().backendIdentity());
        }
        int fenced = sql.change(
                "UPDATE jobs SET state = ?, backend_job_id = ?, error_code = ?, error_message = ?, "
                        + ENDED + ", version = version + 1, updated_at = ? WHERE job_id = ? AND state IN ("
                        + JobRows.codes(JobMachine.sources(JobEvent.FENCE_POSTED)) + ")",
                code(JobState.OUTCOME_UNKNOWN),
                backendJobId,
                JobLedger.OUTCOME_UNKNOWN_CODE,
                message,
                sql.now(),
                jobId);
        if (fenced == 0) {
            recordLateBackendJobId(sql, jobId, backendJobId);
        }
        return JobRows.find(sql, jobId);
    }

    private static Optional<LedgerJob> move(
            Sql sql, LedgerJob held, Set<JobState> from, String assignments, Object... values) throws SQLException {
        if (held.holder() == null) {
            return Optional.empty();
        }
        List<Object> arguments = new ArrayList<>(Arrays.asList(values));
        arguments.addAll(List.of(sql.now(), held.jobId(), held.holder(), held.version()));
        int rows = sql.change(
                "UPDATE jobs SET " + assignments + ", version = version + 1, updated_at = ? "
                        + "WHERE job_id = ? AND holder = ? AND version = ? AND state IN (" + JobRows.codes(from) + ")",
                arguments.toArray());
        return rows == 1 ? JobRows.find(sql, held.jobId()) : Optional.empty();
    }

    private static Optional<LedgerJob> withImages(Sql sql, Optional<LedgerJob> moved, List<ProducedImage> images)
            throws SQLException {
        if (moved.isEmpty() || images.isEmpty()) {
            return moved;
        }
        JobRows.addImages(sql, moved.get().jobId(), images);
        return JobRows.find(sql, moved.get().jobId());
    }

    private static String renewed() {
        return "lease_until = ?";
    }

    private static String code(JobState state) {
        return JobRows.code(state);
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
