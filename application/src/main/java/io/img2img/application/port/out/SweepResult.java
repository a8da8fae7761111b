package io.img2img.application.port.out;

/**
 * What one sweep of expired leases did: {@code requeued} claimed or local running jobs back in the queue,
 * {@code outcomeUnknown} submitting jobs that may have been billed, {@code interrupted} local jobs cut off twice.
 */
public record SweepResult(int requeued, int outcomeUnknown, int interrupted) {
    public int total() {
        return requeued + outcomeUnknown + interrupted;
    }
}
