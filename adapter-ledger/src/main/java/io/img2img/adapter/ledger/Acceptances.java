package io.img2img.adapter.ledger;

import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.Acceptance.Outcome;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Recording accepted generations with their idempotency keys, in one write transaction: on SQLite begun
 * IMMEDIATE, so the key is looked up and the job inserted under the database's write lock; on PostgreSQL the
 * key's insert is the arbiter (one wins, the others read its job). Of concurrent accepts with one key, in any
 * process, exactly one inserts. A priced job is charged to the day's spend last ({@link Spending}), so a replay of
 * a key, or a refusal for any other reason, is never charged.
 */
final class Acceptances {
    static final long KEY_LIFETIME_MILLIS = Duration.ofHours(24).toMillis();

    private record KeyRow(String fingerprint, String jobId, long createdAt) {}

    private Acceptances() {}

    static Acceptance accept(Sql sql, NewJob job, long leaseMillis) throws SQLException {
        if (sql.number("SELECT COUNT(*) FROM jobs WHERE job_id = ?", job.jobId()) > 0
                || sql.number("SELECT COUNT(*) FROM job_tombstones WHERE job_id = ?", job.jobId()) > 0) {
            throw new IllegalArgumentException("jobId " + job.jobId() + " is already in the ledger");
        }
        Optional<Acceptance> earlier =
                job.idempotencyKey() == null ? Optional.empty() : earlierUse(sql, job, leaseMillis);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (job.state() == JobState.QUEUED && sql.dialect().queueLock() != null) {
            sql.run(sql.dialect().queueLock(), job.backendIdentity()); // concurrent accepts count one at a time
        }
        if (job.state() == JobState.QUEUED && LedgerReads.queuedCount(sql, job.backendIdentity()) >= job.queueLimit()) {
            return new Acceptance(Outcome.QUEUE_FULL, null, Duration.ofSeconds(Math.max(1, leaseMillis / 2000)));
        }
        // the client's fair share, counted under the same queue lock: one client cannot take the whole queue
        if (job.clientQueueLimit() > 0
                && sql.number(
                                "SELECT COUNT(*) FROM jobs WHERE backend_identity = ? AND state = "
                                        + "'queued' AND client_key = ?",
                                job.backendIdentity(),
                                job.client())
                        >= job.clientQueueLimit()) {
            return new Acceptance(Outcome.CLIENT_QUEUE_FULL, null, Duration.ofSeconds(Math.max(1, leaseMillis / 2000)));
        }
        if (job.idempotencyKey() != null) {
            if (sql.number(
                            "SELECT COUNT(*) FROM idempotency_keys WHERE created_at >= ?",
                            sql.now() - KEY_LIFETIME_MILLIS)
                    >= JobLedger.MAX_LIVE_KEYS) {
                return new Acceptance(Outcome.KEYS_FULL, null, Duration.ofSeconds(60));
            }
            if (sql.update(
                            "INSERT INTO idempotency_keys (idem_key, fingerprint, job_id, created_at) VALUES (?, ?, ?, ?) "
                                    + "ON CONFLICT (idem_key) DO NOTHING",
                            job.idempotencyKey(),
                            job.fingerprint(),
                            job.jobId(),
                            sql.now())
                    == 0) {
                // another transaction recorded the key since we looked (only on engines with concurrent writers)
                return earlierUse(sql, job, leaseMillis).orElseThrow();
            }
        }
        // the daily budget last, after every other refusal: only a job that is then recorded is charged
        if (!Spending.charge(sql, job)) {
            if (job.idempotencyKey() != null) { // the key recorded above names no job: it goes with the refusal
                sql.update(
                        "DELETE FROM idempotency_keys WHERE idem_key = ? AND job_id = ?",
                        job.idempotencyKey(),
                        job.jobId());
            }
            return new Acceptance(Outcome.BUDGET_EXHAUSTED, null, Spending.untilNextDay(sql));
        }
        boolean claimed = job.state() == JobState.CLAIMED;
        sql.change(
                "INSERT INTO jobs (job_id, backend_identity, state, holder, lease_until, version, created_at, "
                        + "updated_at, queue_order, seed, price, cost_limit, request_json, reference_image, idempotency_key, "
                        + "status_version, progress_version, notes_json, client_key) VALUES (?, ?, ?, ?, ?, 1, ?, ?, "
                        + sql.dialect().nextQueueOrder() + ", ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)",
                job.jobId(),
                job.backendIdentity(),
                JobRows.code(job.state()),
                job.holder(),
                claimed ? sql.leaseEnd() : null,
                sql.now(),
                sql.now(),
                job.seed(),
                job.price(),
                job.costLimit(),
                RequestText.write(job.request()),
                job.referenceImage(),
                job.idempotencyKey(),
                RequestText.writeNotes(job.notes()),
                job.client());
        if (job.webhook() != null) { // in the same transaction as its job (SPEC §6)
            WebhookRows.register(sql, job.jobId(), job.webhook());
        }
        Spending.recordCharge(sql, job);
        return new Acceptance(Outcome.ACCEPTED, JobRows.find(sql, job.jobId()).orElseThrow(), null);
    }

    /** The answer for a key whose job runs or ended in the last 24 h; an older use of it is forgotten here. */
    private static Optional<Acceptance> earlierUse(Sql sql, NewJob job, long leaseMillis) throws SQLException {
        Optional<KeyRow> key = sql.one(
                "SELECT fingerprint, job_id, created_at FROM idempotency_keys WHERE idem_key = ?",
                row -> new KeyRow(row.getString(1), row.getString(2), row.getLong(3)),
                job.idempotencyKey());
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Optional<LedgerJob> named = JobRows.find(sql, key.get().jobId());
        // a key lives as long as its job is not finished, and 24 h after it ended (F4)
        if (named.isEmpty()
                || named.get().state().terminal()
                        && named.get().updatedAt().toEpochMilli() < sql.now() - KEY_LIFETIME_MILLIS) {
            sql.update("DELETE FROM idempotency_keys WHERE idem_key = ?", job.idempotencyKey());
            return Optional.empty();
        }
        if (!key.get().fingerprint().equals(job.fingerprint())) {
            return Optional.of(new Acceptance(Outcome.KEY_REUSED, null, null));
        }
        LedgerJob existing = named.get();
        if (existing.state() == JobState.CLAIMED || existing.state() == JobState.SUBMITTING) {
            return Optional.of(new Acceptance(Outcome.IN_PROGRESS, existing, retryAfter(sql, existing, leaseMillis)));
        }
        if (existing.state() == JobState.OUTCOME_UNKNOWN) {
            return Optional.of(new Acceptance(Outcome.OUTCOME_UNKNOWN, existing, null));
        }
        return Optional.of(new Acceptance(Outcome.EXISTING, existing, null));
    }

    /** Until the holder's lease ends (then the job's outcome is settled), at least one second. */
    private static Duration retryAfter(Sql sql, LedgerJob job, long leaseMillis) throws SQLException {
        long left = job.leaseUntil() == null ? leaseMillis : job.leaseUntil().toEpochMilli() - sql.now();
        return Duration.ofSeconds(Math.max(1, Math.min(leaseMillis, left + 999) / 1000));
    }
}
