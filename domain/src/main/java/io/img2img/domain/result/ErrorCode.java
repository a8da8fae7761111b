package io.img2img.domain.result;

/** The error codes every front end reports, with the name they carry on the wire. */
public enum ErrorCode {
    /** One or more fields break a rule; the violations say which. */
    INVALID_REQUEST("invalid-request"),
    UNKNOWN_JOB("unknown-job"),
    UNKNOWN_ASSET("unknown-asset"),
    /** The money guard refused: the price is above IMG2IMG_MAX_CREATIVE_UNITS. */
    COST_OVER_LIMIT("cost-over-limit"),
    /** The backend refused the content of the request (Scenario's 400). */
    UPSTREAM_REJECTED("upstream-rejected"),
    /** The backend refused our credentials or plan (Scenario's 401/403). */
    UPSTREAM_AUTH("upstream-auth"),
    UPSTREAM_RATE_LIMITED("upstream-rate-limited"),
    UPSTREAM_FAILURE("upstream-failure"),
    UPSTREAM_TIMEOUT("upstream-timeout"),
    /** The generation request was sent but its answer was lost: a job may have started (and be billed). */
    JOB_MAY_HAVE_STARTED("job-may-have-started"),
    JOB_FAILED("job-failed"),
    JOB_CANCELED("job-canceled"),
    /** The paid POST may have started a job at the backend (and billed it): it is never sent again. */
    OUTCOME_UNKNOWN("outcome-unknown"),
    /** A local job whose runs were cut off twice (its process stopped or died each time). */
    INTERRUPTED("interrupted"),
    /** The job was pruned after its retention (IMG2IMG_RETENTION_DAYS). */
    JOB_EXPIRED("job-expired"),
    /** The job ledger cannot be read or written: nothing was submitted. */
    LEDGER_UNAVAILABLE("ledger-unavailable"),
    /** The first request with this Idempotency-Key is still being started. */
    IDEMPOTENCY_KEY_IN_PROGRESS("idempotency-key-in-progress"),
    /** The Idempotency-Key was used with another request within 24 h. */
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused"),
    /** The ledger holds its maximum of live Idempotency-Keys; none is evicted. */
    IDEMPOTENCY_KEYS_FULL("idempotency-keys-full"),
    /** The job's queue is full (IMG2IMG_MAX_QUEUED_JOBS). */
    QUEUE_FULL("queue-full"),
    /** This client already has its share of the queue (IMG2IMG_MAX_QUEUED_JOBS_PER_CLIENT); others may still queue. */
    CLIENT_QUEUE_FULL("client-queue-full"),
    /** The job was already sent to a backend that cannot cancel it. */
    NOT_CANCELLABLE("not-cancellable"),
    INTERNAL("internal-error");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
