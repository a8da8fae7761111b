package io.img2img.application;

import io.img2img.domain.result.Img2ImgResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs this process started, bounded: the oldest are forgotten first (they can still be followed
 * through the backend, which keeps them). Holds what only the submitter knows (seed, price) and the
 * final result once reached, so a finished job is not fetched again.
 */
final class JobRegistry {
    private final Map<String, Img2ImgResult> jobs;

    JobRegistry(int capacity) {
        this.jobs = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Img2ImgResult> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(Img2ImgResult latest) {
        jobs.put(latest.jobId(), latest);
    }

    synchronized Optional<Img2ImgResult> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }
}
