package io.img2img.application.port.out;

import java.time.Duration;

/**
 * What {@link JobLedger#accept} did with a generation.
 *
 * @param job        the new job ({@code ACCEPTED}), or the job the key already names; {@code null} for
 *                   {@code KEY_REUSED}, {@code KEYS_FULL}, {@code QUEUE_FULL}, {@code CLIENT_QUEUE_FULL} and
 *                   {@code BUDGET_EXHAUSTED}
 * @param retryAfter when to try again ({@code IN_PROGRESS}, {@code KEYS_FULL}, {@code QUEUE_FULL},
 *                   {@code BUDGET_EXHAUSTED}: until the next UTC day on the database's clock), else {@code null}
 */
public record Acceptance(Outcome outcome, LedgerJob job, Duration retryAfter) {

    public enum Outcome {
        /** Recorded: a new job. */
        ACCEPTED,
        /** The key and the same request were seen within 24 h: that job, in its current state; nothing new. */
        EXISTING,
        /** The key was seen within 24 h with another request (REST 422). */
        KEY_REUSED,
        /** The key's job is claimed or submitting: its outcome is not known yet (409 + Retry-After). */
        IN_PROGRESS,
        /** The key's job may have been started at the backend and billed; it is never sent again (409). */
        OUTCOME_UNKNOWN,
        /** The ledger holds its maximum of live keys; none is evicted (503 + Retry-After). */
        KEYS_FULL,
        /** The backend identity already has its queue limit of queued jobs (503 + Retry-After). */
        QUEUE_FULL,
        /** The job's client already has its share of that queue, {@link NewJob#clientQueueLimit()} (429 + Retry-After). */
        CLIENT_QUEUE_FULL,
        /**
         * The job's price does not fit in what is left of today's budget, {@link NewJob#dailyBudget()}: nothing was
         * recorded (429 + Retry-After until the next UTC day).
         */
        BUDGET_EXHAUSTED
    }
}
