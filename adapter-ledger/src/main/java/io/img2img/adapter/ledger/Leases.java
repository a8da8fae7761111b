package io.img2img.adapter.ledger;

import io.img2img.application.job.JobEvent;
import io.img2img.application.job.JobMachine;
import io.img2img.application.job.JobPolicy;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.SweepResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

/**
 * Who holds what: claiming queued work, taking over abandoned submitted work, renewing, sweeping expired
 * leases and releasing at a clean stop. Leases are compared with the database's clock.
 */
final class Leases {
    private static final String HELD = JobRows.codes(
            List.of(JobState.CLAIMED, JobState.SUBMITTING, JobState.SUBMITTED, JobState.CANCELING, JobState.RUNNING));
    /** Jobs the backend runs, followed by a holder: submitted, or canceling; taken over in their state. */
    private static final String FOLLOWED = JobRows.codes(JobMachine.sources(JobEvent.TAKE_OVER));

    private static final String TO_QUEUE = "state = 'queued', holder = NULL, lease_until = NULL, "
            + "status_version = version + 1, version = version + 1, updated_at = ?";
    private static final String ENDED = "holder = NULL, lease_until = NULL, reference_image = NULL, "
            + "status_version = version + 1, version = version + 1, updated_at = ?";

    private record Expired(String jobId, String backendIdentity, int runs, long queueOrder) {}

    private Leases() {}

    static Optional<LedgerJob> claimOldestQueued(Sql sql, String identity, String holder) throws SQLException {
        HolderWrites.requireText(holder, "holder");
        QueuePositions.lock(sql, identity);
        Optional<LedgerJob> claimed = take(
                sql,
                holder,
                sql.one(
                        "SELECT job_id FROM jobs WHERE backend_identity = ? "
                                + "AND state = 'queued' ORDER BY queue_order LIMIT 1"
                                + sql.dialect().claimLock(),
                        row -> row.getString(1),
                        identity),
                "state = 'claimed', status_version = version + 1, ",
                "state = 'queued'");
        return claimed; // the jobs behind it move up with no write: positions are computed when read (F12)
    }

    static Optional<LedgerJob> takeOverSubmitted(Sql sql, String identity, String holder) throws SQLException {
        HolderWrites.requireText(holder, "holder");
        return take(
                sql,
                holder,
                sql.one(
                        "SELECT job_id FROM jobs WHERE backend_identity = ? AND state IN (" + FOLLOWED + ") "
                                + "AND lease_until < ? ORDER BY queue_order LIMIT 1"
                                + sql.dialect().claimLock(),
                        row -> row.getString(1),
                        identity,
                        sql.now()),
                "",
                "state IN (" + FOLLOWED + ") AND lease_until < " + sql.now());
    }

    /** The update re-checks what the select found, so an engine without SQLite's single writer stays correct. */
    private static Optional<LedgerJob> take(
            Sql sql, String holder, Optional<String> jobId, String assignment, String stillTrue) throws SQLException {
        if (jobId.isEmpty()
                || sql.change(
                                "UPDATE jobs SET " + assignment + "holder = ?, lease_until = ?, "
                                        + "version = version + 1, updated_at = ? WHERE job_id = ? AND " + stillTrue,
                                holder,
                                sql.leaseEnd(),
                                sql.now(),
                                jobId.get())
                        == 0) {
            return Optional.empty();
        }
        return JobRows.find(sql, jobId.get());
    }

    /** Renews only the listed jobs of the holder: the ones it really runs (a job it no longer runs expires). */
    static int heartbeat(Sql sql, String holder, Collection<String> jobIds) throws SQLException {
        List<String> ids = List.copyOf(jobIds);
        int renewed = 0;
        for (int from = 0; from < ids.size(); from += HEARTBEAT_BATCH) { // bounded: up to 10,000 slots per process
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + HEARTBEAT_BATCH));
            List<Object> arguments = new ArrayList<>(List.of(sql.leaseEnd(), holder));
            arguments.addAll(batch);
            renewed += sql.update(
                    "UPDATE jobs SET lease_until = ? WHERE holder = ? AND state IN (" + HELD + ") AND job_id " + "IN ("
                            + String.join(", ", Collections.nCopies(batch.size(), "?")) + ")",
                    arguments.toArray());
        }
        return renewed;
    }

    /** Job ids per heartbeat statement, well under every engine's limit of bound parameters. */
    private static final int HEARTBEAT_BATCH = 500;

    static SweepResult sweep(Sql sql) throws SQLException {
        long now = sql.now();
        int requeued = toQueue(sql, "lease_until < ?", now);
        int unknown = sql.change(
                "UPDATE jobs SET state = 'outcome_unknown', error_code = ?, error_message = ?, " + ENDED
                        + " WHERE state = 'submitting' AND lease_until < ?",
                JobLedger.OUTCOME_UNKNOWN_CODE,
                "the process sending this job stopped answering while its request may have reached the backend: "
                        + "a job may have been started and billed; check the backend's job list",
                now,
                now);
        int interrupted = sql.change(
                "UPDATE jobs SET state = 'failure', error_code = ?, error_message = ?, " + ENDED
                        + " WHERE state = 'running' AND lease_until < ? AND runs >= ?",
                JobLedger.INTERRUPTED_CODE,
                "the job's runs were cut off twice (its process stopped); it is not run again",
                now,
                now,
                JobPolicy.RUN_LIMIT);
        int rerun = runningToHeadOfQueue(sql, "lease_until < ?", now, runs -> runs);
        return new SweepResult(requeued + rerun, unknown, interrupted);
    }

    /**
     * The running jobs that {@code where} (one {@code ?}, bound to {@code arg}) selects back at the head of the
     * queue, the newest first so that the oldest ends first in line; {@code runs} says how many runs each keeps.
     */
    private static int runningToHeadOfQueue(Sql sql, String where, Object arg, IntUnaryOperator runs)
            throws SQLException {
        List<Expired> running = sql.list(
                "SELECT job_id, backend_identity, runs, queue_order FROM jobs WHERE state = 'running' AND " + where
                        + " ORDER BY queue_order DESC",
                Leases::expired,
                arg);
        int moved = 0;
        for (Expired job : running) {
            moved += toHeadOfQueue(sql, job, runs.applyAsInt(job.runs()), where, arg);
        }
        return moved;
    }

    static int release(Sql sql, String holder) throws SQLException {
        int claimed = toQueue(sql, "holder = ?", holder);
        // a clean stop cut no run short: the run it gives back is not counted against the job
        int rerun = runningToHeadOfQueue(sql, "holder = ?", holder, runs -> Math.max(0, runs - 1));
        // announced as a change: another process of the same identity may take these over at once
        int submitted = sql.change(
                "UPDATE jobs SET lease_until = ? WHERE state IN (" + FOLLOWED + ") AND holder = ?",
                sql.now() - 1,
                holder);
        return claimed + rerun + submitted;
    }

    /**
     * Ahead of every queued job of its backend identity, so a cut-off run is the next to be claimed; only while it
     * is still running as found (another node's sweep may have come first). Returns 1 when moved.
     */
    private static int toHeadOfQueue(Sql sql, Expired job, int runs, String stillTrue, Object stillTrueArgument)
            throws SQLException {
        Optional<Long> head = sql.one(
                "SELECT MIN(queue_order) FROM jobs WHERE backend_identity = ? AND state = 'queued'",
                row -> row.getObject(1) == null ? null : row.getLong(1),
                job.backendIdentity());
        long order = head.isPresent() ? Math.min(job.queueOrder(), head.get() - 1) : job.queueOrder();
        return sql.change(
                "UPDATE jobs SET " + TO_QUEUE + ", runs = ?, queue_order = ? WHERE job_id = ? "
                        + "AND state = 'running' AND " + stillTrue,
                sql.now(),
                runs,
                order,
                job.jobId(),
                stillTrueArgument);
    }

    /** Claimed jobs (nothing sent) back to their place in the queue (those behind move down: read so, never written). */
    private static int toQueue(Sql sql, String which, Object argument) throws SQLException {
        List<Expired> claimed = sql.list(
                "SELECT job_id, backend_identity, runs, queue_order FROM jobs " + "WHERE state = 'claimed' AND " + which
                        + " ORDER BY queue_order",
                Leases::expired,
                argument);
        int moved = 0;
        for (Expired job : claimed) {
            if (sql.change(
                            "UPDATE jobs SET " + TO_QUEUE + " WHERE job_id = ? AND state = 'claimed' AND " + which,
                            sql.now(),
                            job.jobId(),
                            argument)
                    == 1) {
                moved++;
            }
        }
        return moved;
    }

    private static Expired expired(java.sql.ResultSet row) throws SQLException {
        return new Expired(row.getString(1), row.getString(2), row.getInt(3), row.getLong(4));
    }
}
