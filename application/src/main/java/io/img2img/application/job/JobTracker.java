package io.img2img.application.job;

import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ResultError;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Follows jobs to their end and keeps what this process knows of them. The waiting policy (SPEC §8):
 * polls at 0.5 s, then every interval ×1.5 up to 3 s; a longer retry hint replaces the next interval;
 * bounded by the wait budget; a job still running at the end is returned with its id, never dropped.
 * What an ended job produced is collected by the {@link AssetCollector}.
 */
final class JobTracker {
    static final Duration FIRST_POLL = Duration.ofMillis(500);
    static final Duration LONGEST_INTERVAL = Duration.ofSeconds(3);
    private static final int REMEMBERED_JOBS = 10_000;

    private final ImageBackend backend;
    private final AssetCollector assets;
    private final Clock clock;
    private final JobRegistry registry = new JobRegistry(REMEMBERED_JOBS);

    JobTracker(ImageBackend backend, AssetStore store, Clock clock) {
        this.backend = backend;
        this.assets = new AssetCollector(backend, store);
        this.clock = clock;
    }

    String backendName() {
        return backend.name();
    }

    void remember(Img2ImgResult result) {
        registry.remember(result);
    }

    Optional<Img2ImgResult> known(String jobId) {
        return registry.find(jobId);
    }

    /**
     * Waits for the job up to {@code budget}.
     *
     * @param pollAtOnce poll before the first interval (following a job already under way)
     */
    Img2ImgResult follow(Img2ImgResult started, Duration budget, ProgressListener listener, boolean pollAtOnce) {
        long deadline = clock.nanos() + budget.toNanos();
        Img2ImgResult current = started;
        double progress = started.progress() == null ? 0 : started.progress();
        Duration next = pollAtOnce ? Duration.ZERO : FIRST_POLL;
        Duration scheduled = next;
        BackendException lastFault = null;
        try {
            while (true) {
                if (!next.isZero()) {
                    long remaining = deadline - clock.nanos();
                    if (remaining <= 0) {
                        return lastFault == null ? current : followFailed(current, lastFault);
                    }
                    clock.sleep(next.toNanos() <= remaining ? next : Duration.ofNanos(remaining));
                }
                Duration hint;
                try {
                    JobSnapshot snapshot = backend.poll(current.jobId());
                    lastFault = null;
                    progress = Math.max(progress, Math.min(1, Math.max(0, snapshot.progress())));
                    if (snapshot.status().terminal()) {
                        Img2ImgResult done = assets.ended(current, snapshot);
                        if (done.status() != JobStatus.SUCCESS || done.error() == null) {
                            registry.remember(done); // a success whose images are not all saved is asked for again
                        }
                        listener.onProgress(
                                done.progress(),
                                "job " + current.jobId() + ": " + done.status().wireName());
                        return done;
                    }
                    current = withProgress(current, progress);
                    registry.remember(current);
                    listener.onProgress(progress, "job " + current.jobId() + ": in progress");
                    hint = snapshot.retryAfter();
                } catch (BackendException e) {
                    if (e.code() == ErrorCode.UNKNOWN_JOB) {
                        return current.withError(ResultError.of(ErrorCode.UNKNOWN_JOB, e.getMessage()));
                    }
                    if (e.code() == ErrorCode.UPSTREAM_AUTH) {
                        return followFailed(current, e); // will not mend by waiting
                    }
                    lastFault = e; // the job runs on regardless: keep following until the budget ends
                    hint = e.retryAfter();
                }
                if (clock.nanos() >= deadline) {
                    return lastFault == null ? current : followFailed(current, lastFault);
                }
                scheduled = nextInterval(scheduled);
                next = hint != null && hint.compareTo(scheduled) > 0 ? hint : scheduled;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return current;
        }
    }

    private static Img2ImgResult followFailed(Img2ImgResult current, BackendException e) {
        return current.withError(new ResultError(
                e.code(),
                "could not follow job " + current.jobId() + ": " + e.getMessage()
                        + ". The job may still be running: ask for job " + current.jobId() + " again.",
                List.of(),
                e.retryAfter()));
    }

    /** 0.5 s, 0.75, 1.125, 1.6875, 2.53125, then 3 s. A retry hint replaces one interval, not the schedule. */
    static Duration nextInterval(Duration previous) {
        Duration grown =
                previous.isZero() ? FIRST_POLL : previous.multipliedBy(3).dividedBy(2);
        return grown.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : grown;
    }

    private static Img2ImgResult withProgress(Img2ImgResult r, double progress) {
        return new Img2ImgResult(
                r.backend(),
                r.jobId(),
                JobStatus.IN_PROGRESS,
                progress,
                r.seed(),
                r.creativeUnitsCost(),
                List.of(),
                false,
                null,
                null,
                r.notes());
    }
}
