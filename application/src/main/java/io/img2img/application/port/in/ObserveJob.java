package io.img2img.application.port.in;

import io.img2img.domain.result.Img2ImgResult;
import java.util.Optional;

/**
 * Looking at jobs without waiting, for front ends that follow many jobs from one thread (job event streams):
 * a job as it is now, what a client that saw it at an earlier version holds, and a cheap way to learn that
 * anything changed. Nothing here blocks beyond one ledger read; a ledger that cannot be read throws
 * {@link ListJobs.Unavailable}.
 */
public interface ObserveJob {
    /** The job as the ledger holds it now; empty when the ledger does not know it (then ask {@link GetJob}). */
    Optional<Moment> now(String jobId);

    /** How many of the job's images it held at {@code version} (images are append-only). */
    int imagesAt(String jobId, long version);

    /** Grows with every change to any job in the ledger, by any process sharing it: cheap to poll. */
    long changeMark();

    /** Calls {@code listener} at once on every change this process makes (it must return at once); close to stop. */
    AutoCloseable onChange(Runnable listener);

    /**
     * @param version       the job's ledger version
     * @param ended         nothing will change any more
     * @param queuePosition 1 for the next job to be claimed, while queued; else {@code null}. Computed when read: it
     *                      moves with no new version of the job, whenever {@link #changeMark()} moves
     * @param statusVersion   the version at which its status last changed (not its queue position)
     * @param progressVersion the version at which its progress last changed
     */
    record Moment(
            Img2ImgResult result,
            long version,
            boolean ended,
            Integer queuePosition,
            long statusVersion,
            long progressVersion) {}
}
