package io.img2img.application.usecase;

import io.img2img.application.job.JobEngine;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.domain.id.Ids;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.ResultError;
import java.time.Duration;
import java.util.List;

/**
 * A job by id, from the ledger first (any process sharing it may have accepted the job); a pruned one is
 * {@code job-expired}; an id the ledger never knew is followed at the backend (a Scenario job started elsewhere).
 */
public final class GetJobService implements GetJob {
    private final JobEngine jobs;

    public GetJobService(JobEngine jobs) {
        this.jobs = jobs;
    }

    @Override
    public Img2ImgResult get(String jobId, Duration waitBudget, ProgressListener progress) {
        if (!Ids.isJobId(jobId)) {
            return Img2ImgResult.error(
                    jobs.backendName(),
                    ResultError.invalid(List.of(new Violation("jobId", "must be " + Ids.JOB_ID_RULE))));
        }
        try {
            if (jobs.find(jobId).isPresent()) {
                return jobs.await(jobId, waitBudget, progress, false);
            }
            if (jobs.wasPruned(jobId)) {
                return Img2ImgResult.error(
                        jobs.backendName(),
                        ResultError.of(
                                ErrorCode.JOB_EXPIRED,
                                "job " + jobId
                                        + " ended more than " + jobs.policy().retentionDays()
                                        + " days ago and was pruned "
                                        + "(IMG2IMG_RETENTION_DAYS); its images stay in the output directory"));
            }
        } catch (LedgerUnavailableException e) {
            return jobs.unavailable(e);
        }
        Img2ImgResult result = jobs.followAtBackend(jobId, waitBudget, progress);
        if (result.error() != null && result.error().code() == ErrorCode.UNKNOWN_JOB) {
            return Img2ImgResult.error(
                    jobs.backendName(),
                    ResultError.of(
                            ErrorCode.UNKNOWN_JOB,
                            "no job " + jobId + " is known to the ledger or to the " + jobs.backendName()
                                    + " backend"));
        }
        return result;
    }
}
