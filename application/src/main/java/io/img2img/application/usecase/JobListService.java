package io.img2img.application.usecase;

import io.img2img.application.job.LedgerJobs;
import io.img2img.application.job.LedgerResults;
import io.img2img.application.port.in.ListJobs;
import io.img2img.application.port.in.ObserveJob;
import io.img2img.application.port.in.WatchJob;
import io.img2img.application.port.out.JobPage;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.domain.result.Img2ImgResult;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reading the ledger's jobs: a page of the list, one job's next change, and a job as it is now. */
public final class JobListService implements ListJobs, WatchJob, ObserveJob {
    private final LedgerJobs jobs;

    public JobListService(LedgerJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public Page list(int limit, String before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + "; got " + limit);
        }
        JobPage page;
        try {
            jobs.open();
            page = jobs.ledger().list(limit, before);
        } catch (LedgerUnavailableException e) {
            throw new ListJobs.Unavailable(e.getMessage(), e);
        }
        List<Item> items = page.jobs().stream().map(j -> new Item(LedgerResults.of(j, jobs.backendName(), jobs.ledger()), j.createdAt(),
                j.request().get("prompt") instanceof String prompt ? prompt : null)).toList();
        return new Page(items, page.before());
    }

    @Override
    public Optional<Change> watch(String jobId, long afterVersion, Duration timeout) {
        jobs.open();
        Optional<LedgerJob> job = jobs.changes().await(jobs.ledger(), jobId,
                j -> j.version() > afterVersion || j.state().terminal(), timeout, io.img2img.application.port.in.ProgressListener.NONE);
        return job.map(j -> new Change(LedgerResults.of(j, jobs.backendName(), jobs.ledger()), j.version(),
                j.state().terminal()));
    }

    @Override
    public Optional<Moment> now(String jobId) {
        try {
            jobs.open();
            while (true) {
                Optional<LedgerJob> job = jobs.ledger().find(jobId);
                if (job.isEmpty()) {
                    return Optional.empty();
                }
                LedgerJob j = job.get();
                Img2ImgResult result = LedgerResults.of(j, jobs.backendName(), jobs.ledger());
                // the queue position is read apart from the row; every move of it gives the job a new version,
                // so an unchanged version proves the position belongs to it
                if (result.queuePosition() == null || jobs.ledger().version(jobId).orElse(-1) == j.version()) {
                    return Optional.of(new Moment(result, j.version(), j.state().terminal(), result.queuePosition(),
                            j.statusVersion(), j.progressVersion()));
                }
            }
        } catch (LedgerUnavailableException e) {
            throw new Unavailable(e.getMessage(), e);
        }
    }

    @Override
    public int imagesAt(String jobId, long version) {
        try {
            jobs.open();
            return jobs.ledger().imageCountAt(jobId, version);
        } catch (LedgerUnavailableException e) {
            throw new Unavailable(e.getMessage(), e);
        }
    }

    @Override
    public long changeMark() {
        jobs.open();
        return jobs.ledger().changeCount();
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        return jobs.changes().subscribe(listener);
    }
}
