package io.img2img.application.port.out;

import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.ProducedImage;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The durable record of every accepted generation and idempotency key, shared by every process that opens the
 * same database (SPEC §10). Each call is one atomic transaction; times and leases use the database's clock.
 *
 * <p>Holders write with compare-and-set on (holder, version): a write passes the {@link LedgerJob} the holder
 * last got and returns the job at its next version, or empty when the holder no longer holds it at that
 * version (a sweep took it back, it was canceled, or another write came first) — the holder then stops.
 * Every holder write renews its lease. Nothing here ever sends anything to a backend.
 *
 * <p>Every method may throw {@link LedgerUnavailableException}; bad arguments throw
 * {@link IllegalArgumentException} naming the argument.
 */
public interface JobLedger {
    /** Error code of a local job whose runs were cut off twice, as the ledger stores it. */
    String INTERRUPTED_CODE = ErrorCode.INTERRUPTED.wireName();
    /** Error code of a job whose paid POST may have started at the backend, as the ledger stores it. */
    String OUTCOME_UNKNOWN_CODE = ErrorCode.OUTCOME_UNKNOWN.wireName();
    /** Error code of a canceled job, as the ledger stores it. */
    String CANCELED_CODE = ErrorCode.JOB_CANCELED.wireName();
    /** Most live idempotency keys the ledger keeps (SPEC §6); a live key is never evicted. */
    int MAX_LIVE_KEYS = 100_000;
    /** Most UTC days one {@link #usage} call reports. */
    int MAX_USAGE_DAYS = 366;

    /**
     * Records an accepted generation and its key atomically. With a key seen in the last 24 h nothing is
     * written: the same request gives that job ({@code EXISTING}, {@code IN_PROGRESS} while claimed or
     * submitting, {@code OUTCOME_UNKNOWN}), another request {@code KEY_REUSED}. A queued job past its
     * {@link NewJob#queueLimit()} is {@code QUEUE_FULL}, a new key past {@link #MAX_LIVE_KEYS} {@code KEYS_FULL}.
     * Of concurrent accepts with one key, on any process, exactly one records a job.
     *
     * <p>A job with a positive price is charged to today's units (UTC, the database's clock) in the same
     * transaction; with a {@link NewJob#dailyBudget()} a job whose price would take the day past it is
     * {@code BUDGET_EXHAUSTED} and nothing is written. Of concurrent accepts on any number of processes, the units
     * accepted in a day never pass the budget. A job that ends having provably cost nothing (canceled while queued or
     * claimed, or ended from {@code SUBMITTING} by a refusal, {@link #finish}) gives its units back to the day it was
     * accepted; {@link #markSubmitted} records the units spent.
     */
    Acceptance accept(NewJob job);

    /** Claims the oldest queued job of this backend identity ({@code QUEUED → CLAIMED}), if any. */
    Optional<LedgerJob> claimOldestQueued(String backendIdentity, String holder);

    /**
     * Takes over a {@code SUBMITTED} (or {@code CANCELING}) job of this identity whose holder's lease expired, to
     * follow it; its state is kept (a canceling job's cancel is never sent again).
     */
    Optional<LedgerJob> takeOverSubmitted(String backendIdentity, String holder);

    /** {@code CLAIMED → SUBMITTING}: committed before the paid POST is sent. */
    Optional<LedgerJob> markSubmitting(LedgerJob held);

    /** {@code SUBMITTING → SUBMITTED} with the backend's job id, and the billed price when the backend said it. */
    Optional<LedgerJob> markSubmitted(LedgerJob held, String backendJobId, Double billedCreativeUnits);

    /** {@code CLAIMED → RUNNING} for a local run; counts the run. */
    Optional<LedgerJob> markRunning(LedgerJob held);

    /** Progress (0–1) of a submitted or running job, and images saved since (an asset already recorded is kept once). */
    Optional<LedgerJob> recordProgress(LedgerJob held, double progress, List<ProducedImage> newImages);

    /**
     * Ends a held job; its reference image is dropped. A {@code SUBMITTING} job ends this way only when the backend's
     * answer proves nothing was started (a refusal); otherwise it becomes {@code OUTCOME_UNKNOWN}.
     */
    Optional<LedgerJob> finish(LedgerJob held, JobEnd end);

    /** {@code SUBMITTING → OUTCOME_UNKNOWN}: the POST ended with "the job may have started"; never sent again. */
    Optional<LedgerJob> markOutcomeUnknown(LedgerJob held, String message);

    /** Records the backend job id of an {@code OUTCOME_UNKNOWN} job whose answer came late; false when not such a job. */
    boolean recordLateBackendJobId(String jobId, String backendJobId);

    /**
     * The fence after a POST whose {@link #markSubmitted} found the row moved (F3): the backend answered
     * {@code backendJobId}, so the job must never be sent again. A job still queued, claimed or submitting (by any
     * holder, at any version: its {@code submitting} commit may have been lost) becomes {@code OUTCOME_UNKNOWN} with
     * that id; an {@code OUTCOME_UNKNOWN} job without a backend id gets it (a late answer); any other job is left as
     * it is. Returns the job as it is afterwards, or empty when the ledger does not know it.
     */
    Optional<LedgerJob> fencePosted(String jobId, String backendJobId, String message);

    /**
     * Renews the leases of the given jobs the holder still holds (the ones it really works on: a job it holds but
     * no longer runs is left to expire, so a sweep takes it back); returns how many were renewed.
     */
    int heartbeat(String holder, Collection<String> jobIds);

    /**
     * Takes back work whose holder's lease expired: {@code CLAIMED → QUEUED}; {@code SUBMITTING →
     * OUTCOME_UNKNOWN}; a local {@code RUNNING} job back to the head of its queue, or {@code FAILURE} /
     * {@link #INTERRUPTED_CODE} once two runs were cut off. {@code SUBMITTED} and {@code CANCELING} jobs wait for
     * {@link #takeOverSubmitted}.
     */
    SweepResult sweepExpiredLeases();

    /**
     * For a clean stop: the holder's claimed jobs back to the queue, its running local jobs to the head of the
     * queue (the run cut short does not count), its submitted (and canceling) jobs free to be taken over at once. Never touches
     * a {@code SUBMITTING} job. Returns how many jobs it let go.
     */
    int release(String holder);

    /** Cancels a queued, claimed or locally running job atomically; a canceled job is never claimed. */
    CancelOutcome cancel(String jobId);

    /**
     * {@code SUBMITTED → CANCELING} for a job of {@code backendIdentity}, committed before the backend's cancel action
     * is sent (the write-ahead of a cancel, SPEC §6): {@code CANCEL_REQUESTED} with the job for the one caller whose
     * move passed, on any process (it sends the action, once); {@code CANCELING} when the job already is; otherwise
     * what {@link #cancel} would find ({@code NOT_CANCELLABLE} for a job of another identity or not yet submitted,
     * {@code ALREADY_FINISHED}, {@code PRUNED}, {@code UNKNOWN}). Holder and lease are kept: the holder's next write
     * sees the move and follows the job on.
     */
    CancelOutcome requestCancel(String jobId, String backendIdentity);

    Optional<LedgerJob> find(String jobId);

    /** Whether this id named a job that was pruned after its retention (410, not 404). */
    boolean wasPruned(String jobId);

    /** The reference image kept with a queued job, until it ends. */
    Optional<byte[]> referenceImage(String jobId);

    /** Jobs newest first, at most {@code limit} (1–100), after the opaque cursor {@code before} (or {@code null}). */
    JobPage list(int limit, String before);

    int queuedCount(String backendIdentity);

    /**
     * Every backend identity that has queued jobs, with their number and the age of the oldest (the database's
     * clock): one cheap grouped read, for metrics read when they are scraped.
     */
    List<QueueDepth> queueDepths();

    /** 1 for the next job to be claimed; empty when the job is not queued. */
    OptionalInt queuePosition(String jobId);

    /** The job's current version, cheaper than {@link #find}; empty when unknown. */
    OptionalLong version(String jobId);

    /**
     * How many of the job's images were recorded at or before {@code version} (images are append-only, each
     * recorded with the version its write gave the job): what a client that saw the job at that version holds.
     */
    int imageCountAt(String jobId, long version);

    /** A ledger-wide counter that grows with every change to any job: cheap to poll for "did anything change". */
    long changeCount();

    /**
     * Announces the changes other processes make (SPEC §10 "Who notices"): calls {@code listener} (on a thread of the
     * ledger's, returning at once) whenever another process may have changed the ledger, and answers true, when the
     * ledger can (PostgreSQL's LISTEN/NOTIFY); answers false when it cannot (then the engine polls
     * {@link #changeCount()}). Opens nothing by itself.
     */
    default boolean announcesChangesElsewhere(Runnable listener) {
        return false;
    }

    /**
     * Spending and jobs of the last {@code days} UTC days (1 to {@link #MAX_USAGE_DAYS}) by the database's clock,
     * today included (SPEC §6 {@code GET /v1/usage}). Units are kept per day apart from the jobs, so they outlive
     * the jobs' retention; the job counts are of jobs still in the ledger.
     */
    LedgerUsage usage(int days);

    /** Removes at most {@code maxJobs} jobs finished more than {@code retentionDays} ago, and keys older than 24 h. */
    PruneResult prune(int retentionDays, int maxJobs);
}
