package io.img2img.application.port.out;

/** What one bounded pruning pass removed: finished jobs (each leaving a tombstone) and expired idempotency keys. */
public record PruneResult(int jobs, int keys) {}
