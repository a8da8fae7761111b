package io.img2img.application.usecase;

import io.img2img.application.job.JobEngine;
import io.img2img.application.port.in.ListJobs;
import io.img2img.application.port.in.ObserveJob;
import io.img2img.application.port.out.JobPage;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.domain.result.Img2ImgResult;
import java.util.List;
import java.util.Optional;

/** Reading the ledger's jobs: a page of the list, and a job as it is now. */
public final class JobListService implements ListJobs, ObserveJob {
    private final JobEngine jobs;

    public JobListService(JobEngine jobs) {
        this.jobs = jobs;
    }

    @Override
    public Page list(int limit, String before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + "; got " + limit);
        }
        JobPage page;
        try {
            page = jobs.list(limit, before);
        } catch (LedgerUnavailableException e) {
            throw new ListJobs.Unavailable(e.getMessage(), e);
        }
        List<Item> items = page.jobs().stream()
                .map(j -> new Item(
                        jobs.resultOf(j),
                        j.createdAt(),
                        j.request().get("prompt") instanceof String prompt ? prompt : null))
                .toList();
        return new Page(items, page.before());
    }

    @Override
    public Optional<Moment> now(String jobId) {
        try {
            while (true) {
                Optional<LedgerJob> job = jobs.find(jobId);
                if (job.isEmpty()) {
                    return Optional.empty();
                }
                LedgerJob j = job.get();
                Img2ImgResult result = jobs.resultOf(j);
                // the queue position is read apart from the row (computed when read, F12); an unchanged version
                // proves it was read while the row was still the one read
                if (result.queuePosition() == null || jobs.version(jobId).orElse(-1) == j.version()) {
                    return Optional.of(new Moment(
                            result,
                            j.version(),
                            j.state().terminal(),
                            result.queuePosition(),
                            j.statusVersion(),
                            j.progressVersion()));
                }
            }
        } catch (LedgerUnavailableException e) {
            throw new Unavailable(e.getMessage(), e);
        }
    }

    @Override
    public int imagesAt(String jobId, long version) {
        try {
            return jobs.imageCountAt(jobId, version);
        } catch (LedgerUnavailableException e) {
            throw new Unavailable(e.getMessage(), e);
        }
    }

    @Override
    public long changeMark() {
        return jobs.changeCount();
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        return jobs.subscribe(listener);
    }
}
