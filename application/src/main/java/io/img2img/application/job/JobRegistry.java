package io.img2img.application.job;

import io.img2img.application.cache.BoundedLruMap;
import io.img2img.domain.result.Img2ImgResult;
import java.util.Optional;

/**
 * The jobs this process started, bounded: the oldest are forgotten first (they can still be followed
 * through the backend, which keeps them). Holds what only the submitter knows (seed, price) and the
 * final result once reached, so a finished job is not fetched again.
 */
final class JobRegistry {
    private final BoundedLruMap<String, Img2ImgResult> jobs;

    JobRegistry(int capacity) {
        this.jobs = new BoundedLruMap<>(capacity);
    }

    void remember(Img2ImgResult latest) {
        jobs.put(latest.jobId(), latest);
    }

    Optional<Img2ImgResult> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }
}
