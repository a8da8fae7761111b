package io.img2img.application.usecase;

import io.img2img.application.job.JobEngine;
import io.img2img.application.port.in.CancelJob;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.domain.id.Ids;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.ResultError;
import java.util.List;

/** Cancels in the ledger (one atomic move), then stops the local work of a job this process runs. */
public final class CancelJobService implements CancelJob {
    private final JobEngine jobs;

    public CancelJobService(JobEngine jobs) {
        this.jobs = jobs;
    }

    @Override
    public Img2ImgResult cancel(String jobId) {
        String backend = jobs.backendName();
        if (!Ids.isJobId(jobId)) {
            return Img2ImgResult.error(
                    backend, ResultError.invalid(List.of(new Violation("jobId", "must be " + Ids.JOB_ID_RULE))));
        }
        CancelOutcome outcome;
        try {
            outcome = jobs.cancel(jobId);
        } catch (LedgerUnavailableException e) {
            return jobs.unavailable(e);
        }
        return switch (outcome.kind()) {
            case CANCELED, ALREADY_FINISHED -> jobs.resultOfRow(outcome.job());
            case NOT_CANCELLABLE ->
                Img2ImgResult.error(
                        backend,
                        ResultError.of(
                                ErrorCode.NOT_CANCELLABLE,
                                "job " + jobId
                                        + " was already sent to Scenario, which cannot cancel it: it runs to its end (and is billed)"));
            case PRUNED ->
                Img2ImgResult.error(
                        backend,
                        ResultError.of(
                                ErrorCode.JOB_EXPIRED,
                                "job " + jobId + " ended long ago and was pruned (IMG2IMG_RETENTION_DAYS)"));
            case UNKNOWN ->
                Img2ImgResult.error(
                        backend, ResultError.of(ErrorCode.UNKNOWN_JOB, "no job " + jobId + " in the job ledger"));
        };
    }
}
