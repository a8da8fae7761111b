package io.img2img.application.port.out;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An accepted generation to record. A job is recorded {@link JobState#QUEUED} (no holder; its reference
 * image kept in the ledger until it ends) or {@link JobState#CLAIMED} by the process that will run it at once.
 *
 * @param request        the accepted request as a JSON tree (no inline image: its bytes are {@code referenceImage})
 * @param holder         the claiming process when {@code CLAIMED}, {@code null} when {@code QUEUED}
 * @param referenceImage the reference image's bytes for a queued job, else {@code null}
 * @param idempotencyKey the caller's {@code Idempotency-Key}, or {@code null}; comes with {@code fingerprint}
 * @param fingerprint    a digest of the parsed request (image reduced to its SHA-256), or {@code null}
 * @param queueLimit     for a queued job, most jobs its backend identity may have queued
 *                       ({@code IMG2IMG_MAX_QUEUED_JOBS}; 0: no queue, so it is refused), checked in the same
 *                       transaction; 0 for a claimed job
 * @param notes          how the request was adjusted to run (SPEC §4), answered with the job; empty when not
 * @param client         who asked (a front end's client key, e.g. a REST client's address), or {@code null}: unknown
 * @param clientQueueLimit for a queued job of a known client, most jobs that client may have queued for its backend
 *                       identity (its fair share), checked in the same transaction as {@code queueLimit}; else 0
 * @param webhook        the callback registered with the job (recorded in the same transaction), or {@code null}
 * @param dailyBudget    the Creative Units the whole ledger may accept per UTC day ({@code IMG2IMG_DAILY_CREATIVE_UNITS}),
 *                       or {@code null}: no budget. A job with a positive {@code price} is charged to the day it is
 *                       accepted in the same transaction, and refused ({@code BUDGET_EXHAUSTED}) when the day's units
 *                       plus its price would pass the budget; a replay of an existing key is never charged again
 */
public record NewJob(
        String jobId,
        String backendIdentity,
        JobState state,
        String holder,
        String seed,
        Double price,
        Double costLimit,
        Map<String, Object> request,
        byte[] referenceImage,
        String idempotencyKey,
        String fingerprint,
        int queueLimit,
        List<String> notes,
        String client,
        int clientQueueLimit,
        WebhookRegistration webhook,
        Double dailyBudget) {
    public NewJob {
        notes = notes == null ? List.of() : List.copyOf(notes);
        requireText(jobId, "jobId");
        requireText(backendIdentity, "backendIdentity");
        request = Map.copyOf(Objects.requireNonNull(request, "request"));
        if (state != JobState.QUEUED && state != JobState.CLAIMED) {
            throw new IllegalArgumentException("a new job is QUEUED or CLAIMED, not " + state);
        }
        if ((state == JobState.CLAIMED) != (holder != null)) {
            throw new IllegalArgumentException("a CLAIMED job needs a holder and a QUEUED one has none");
        }
        if (queueLimit < 0 || (state == JobState.CLAIMED && queueLimit != 0)) {
            throw new IllegalArgumentException("a QUEUED job needs a queueLimit of at least 0 and a CLAIMED one 0");
        }
        if (clientQueueLimit < 0 || (clientQueueLimit > 0 && (client == null || state != JobState.QUEUED))) {
            throw new IllegalArgumentException("a clientQueueLimit comes with a queued job of a known client");
        }
        if ((idempotencyKey == null) != (fingerprint == null)) {
            throw new IllegalArgumentException("an idempotency key comes with the request's fingerprint");
        }
        if (dailyBudget != null && !(dailyBudget > 0 && dailyBudget < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("dailyBudget must be a positive number, got " + dailyBudget);
        }
        if (price != null && !(price >= 0 && price < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("price must be a number >= 0, got " + price);
        }
    }

    /** The same job, to be fitted in a daily budget of {@code units} ({@code null}: none). */
    public NewJob withDailyBudget(Double units) {
        return new NewJob(
                jobId,
                backendIdentity,
                state,
                holder,
                seed,
                price,
                costLimit,
                request,
                referenceImage,
                idempotencyKey,
                fingerprint,
                queueLimit,
                notes,
                client,
                clientQueueLimit,
                webhook,
                units);
    }

    /**
     * A job recorded without notes (its request ran as asked), of no known client, without a webhook or a daily
     * budget: the defaults of the fields added after the first (records have no default values).
     */
    public NewJob(
            String jobId,
            String backendIdentity,
            JobState state,
            String holder,
            String seed,
            Double price,
            Double costLimit,
            Map<String, Object> request,
            byte[] referenceImage,
            String idempotencyKey,
            String fingerprint,
            int queueLimit) {
        this(
                jobId,
                backendIdentity,
                state,
                holder,
                seed,
                price,
                costLimit,
                request,
                referenceImage,
                idempotencyKey,
                fingerprint,
                queueLimit,
                List.of(),
                null,
                0,
                null,
                null);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
