package io.img2img.application.port.out;

import io.img2img.domain.result.JobStatus;
import java.time.Duration;
import java.util.List;

/**
 * A job as the backend reports it at one moment.
 *
 * @param assetIds       the produced assets: all of them on success; while running, those saved so far in their
 *                       final order (a backend that saves images as it goes lists them, so they are shown at once)
 * @param failureMessage why a failed or canceled job ended, or {@code null}
 * @param retryAfter     a hint to poll no sooner than this, or {@code null}
 */
public record JobSnapshot(
        JobStatus status, double progress, List<String> assetIds, String failureMessage, Duration retryAfter) {
    public JobSnapshot {
        assetIds = assetIds == null ? List.of() : List.copyOf(assetIds);
    }

    public static JobSnapshot running(double progress) {
        return running(progress, List.of());
    }

    public static JobSnapshot running(double progress, List<String> assetIdsSoFar) {
        return new JobSnapshot(JobStatus.IN_PROGRESS, progress, assetIdsSoFar, null, null);
    }

    public static JobSnapshot succeeded(List<String> assetIds) {
        return new JobSnapshot(JobStatus.SUCCESS, 1, assetIds, null, null);
    }
}
