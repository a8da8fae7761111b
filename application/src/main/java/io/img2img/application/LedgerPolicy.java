package io.img2img.application;

import java.time.Duration;

/**
 * How this process uses the job ledger (SPEC §10).
 *
 * @param lease          how long a silent process keeps the work it holds ({@code IMG2IMG_LEASE_SECONDS})
 * @param retentionDays  how long finished jobs stay ({@code IMG2IMG_RETENTION_DAYS})
 * @param maxQueuedJobs  most jobs queued per backend identity ({@code IMG2IMG_MAX_QUEUED_JOBS}); 0: none, a job
 *                       past the running bound is refused at once
 */
public record LedgerPolicy(Duration lease, int retentionDays, int maxQueuedJobs) {
    /** Jobs removed by one automatic pruning pass: bounded, so a pass never holds the database long. */
    public static final int PRUNE_BATCH = 500;

    public LedgerPolicy {
        if (lease.toSeconds() < 2 || lease.toSeconds() > 300) {
            throw new IllegalArgumentException("the lease must be 2 to 300 seconds, got " + lease);
        }
        if (retentionDays < 1 || maxQueuedJobs < 0) {
            throw new IllegalArgumentException("retentionDays must be at least 1 and maxQueuedJobs at least 0");
        }
    }

    public static LedgerPolicy defaults() {
        return new LedgerPolicy(Duration.ofSeconds(30), 30, 64);
    }
}
