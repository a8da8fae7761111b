package io.img2img.application;

import java.time.Duration;

/**
 * How this process uses the job ledger (SPEC §10).
 *
 * @param lease          how long a silent process keeps the work it holds ({@code IMG2IMG_LEASE_SECONDS})
 * @param retentionDays  how long finished jobs stay ({@code IMG2IMG_RETENTION_DAYS})
 * @param maxQueuedJobs  most jobs queued per backend identity ({@code IMG2IMG_MAX_QUEUED_JOBS}); 0: none, a job
 *                       past the running bound is refused at once
 * @param maxQueuedJobsPerClient most of those one client may hold ({@code IMG2IMG_MAX_QUEUED_JOBS_PER_CLIENT}), so
 *                       one client cannot fill the queue; applies to callers that name their client (REST)
 * @param dailyCreativeUnits the spend budget ({@code IMG2IMG_DAILY_CREATIVE_UNITS}): Creative Units accepted per UTC
 *                       day across every process sharing the ledger; {@code null}: no budget
 */
public record LedgerPolicy(
        Duration lease, int retentionDays, int maxQueuedJobs, int maxQueuedJobsPerClient, Double dailyCreativeUnits) {
    /** The lease's bounds and default (IMG2IMG_LEASE_SECONDS reads them; the ledger adapter checks them). */
    public static final int MIN_LEASE_SECONDS = 2;

    public static final int MAX_LEASE_SECONDS = 300;
    public static final int DEFAULT_LEASE_SECONDS = 30;
    public static final int DEFAULT_RETENTION_DAYS = 30;
    public static final int DEFAULT_MAX_QUEUED_JOBS = 64;
    public static final int DEFAULT_MAX_QUEUED_JOBS_PER_CLIENT = 16;

    /** Jobs removed by one automatic pruning pass: bounded, so a pass never holds the database long. */
    public static final int PRUNE_BATCH = 500;

    public LedgerPolicy {
        if (lease.toSeconds() < MIN_LEASE_SECONDS || lease.toSeconds() > MAX_LEASE_SECONDS) {
            throw new IllegalArgumentException(
                    "the lease must be " + MIN_LEASE_SECONDS + " to " + MAX_LEASE_SECONDS + " seconds, got " + lease);
        }
        if (retentionDays < 1 || maxQueuedJobs < 0 || maxQueuedJobsPerClient < 1) {
            throw new IllegalArgumentException(
                    "retentionDays and maxQueuedJobsPerClient must be at least 1 and " + "maxQueuedJobs at least 0");
        }
        if (dailyCreativeUnits != null && !(dailyCreativeUnits > 0 && dailyCreativeUnits < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    "dailyCreativeUnits must be a positive number, got " + dailyCreativeUnits);
        }
    }

    /** No daily budget. */
    public LedgerPolicy(Duration lease, int retentionDays, int maxQueuedJobs, int maxQueuedJobsPerClient) {
        this(lease, retentionDays, maxQueuedJobs, maxQueuedJobsPerClient, null);
    }

    /** The same policy with a daily budget of {@code units} Creative Units ({@code null}: none). */
    public LedgerPolicy withDailyCreativeUnits(Double units) {
        return new LedgerPolicy(lease, retentionDays, maxQueuedJobs, maxQueuedJobsPerClient, units);
    }

    /** No share per client beyond the queue itself. */
    public LedgerPolicy(Duration lease, int retentionDays, int maxQueuedJobs) {
        this(lease, retentionDays, maxQueuedJobs, Math.max(1, maxQueuedJobs));
    }

    public static LedgerPolicy defaults() {
        return new LedgerPolicy(
                Duration.ofSeconds(DEFAULT_LEASE_SECONDS),
                DEFAULT_RETENTION_DAYS,
                DEFAULT_MAX_QUEUED_JOBS,
                DEFAULT_MAX_QUEUED_JOBS_PER_CLIENT);
    }
}
