package io.img2img.application.job;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One of this process's {@code IMG2IMG_MAX_CONCURRENT_JOBS} slots and the job it holds: taken before a claim or an
 * accept, bound to the job once the ledger gave it, and given back exactly once ({@link #close()}, idempotent) on
 * every path, so no failure of the ledger ever leaks one (F6). The jobs bound to taken slots are what this process
 * really runs: the only ones its heartbeat renews (F5).
 */
final class Slot implements AutoCloseable {
    private final JobRunner runner;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile String jobId;

    Slot(JobRunner runner) {
        this.runner = runner;
    }

    /** The slot now holds this job: from here its lease is renewed until the slot is given back. */
    void hold(String heldJobId) {
        this.jobId = heldJobId;
    }

    /** The job this slot holds, or {@code null} before a claim or an accept gave it one. */
    String jobId() {
        return jobId;
    }

    /** Gives the slot back (once; later calls do nothing): the job is no longer renewed by this process. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            runner.freed(this);
        }
    }
}
