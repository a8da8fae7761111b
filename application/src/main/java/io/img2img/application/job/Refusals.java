package io.img2img.application.job;

import io.img2img.application.port.out.Acceptance;
import io.img2img.application.request.DailyBudget;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.ResultError;
import java.time.Duration;
import java.util.List;

/** Why the ledger did not accept a new job, in the words its caller gets (SPEC §6 and §10). */
final class Refusals {
    private Refusals() {}

    static ResultError of(Acceptance acceptance, String key, int maxConcurrentJobs, int maxQueuedJobs) {
        Duration retry = acceptance.retryAfter();
        return switch (acceptance.outcome()) {
            case KEY_REUSED ->
                error(
                        ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency-Key " + key + " was already used "
                                + "with a different request; use a new key for a new request",
                        null);
            case IN_PROGRESS ->
                error(
                        ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                        "the job of Idempotency-Key " + key + " ("
                                + acceptance.job().jobId() + ") is still being started; retry shortly",
                        retry);
            case OUTCOME_UNKNOWN ->
                error(ErrorCode.OUTCOME_UNKNOWN, LedgerResults.outcomeUnknown(acceptance.job()), null);
            case KEYS_FULL ->
                error(
                        ErrorCode.IDEMPOTENCY_KEYS_FULL,
                        "the ledger holds its maximum of live "
                                + "Idempotency-Keys, each kept 24 h; retry later or send the request without one",
                        retry);
            case QUEUE_FULL ->
                error(
                        ErrorCode.QUEUE_FULL,
                        "every job slot is busy (IMG2IMG_MAX_CONCURRENT_JOBS="
                                + maxConcurrentJobs + ") and the queue is full (IMG2IMG_MAX_QUEUED_JOBS="
                                + maxQueuedJobs
                                + "); retry shortly",
                        retry);
            case CLIENT_QUEUE_FULL ->
                error(
                        ErrorCode.CLIENT_QUEUE_FULL,
                        "every job slot is busy and this client "
                                + "already has its share of the queue (IMG2IMG_MAX_QUEUED_JOBS_PER_CLIENT); retry when one of its "
                                + "jobs has started",
                        retry);
            case BUDGET_EXHAUSTED -> error(ErrorCode.BUDGET_EXHAUSTED, DailyBudget.refusal(null, null, retry), retry);
            case ACCEPTED, EXISTING -> throw new IllegalArgumentException("not a refusal: " + acceptance.outcome());
        };
    }

    private static ResultError error(ErrorCode code, String message, Duration retryAfter) {
        return new ResultError(code, message, List.of(), retryAfter);
    }
}
