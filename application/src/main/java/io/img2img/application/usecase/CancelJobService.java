package io.img2img.application.usecase;

import io.img2img.application.job.JobEngine;
import io.img2img.application.port.in.CancelJob;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.domain.id.Ids;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.ResultError;
import java.util.List;

/**
 * Cancels in the ledger (one atomic move), then stops the local work of a job this process runs, or asks the backend
 * once to cancel a job it runs (the job answers {@code canceling} until the backend reports its end).
 */
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
            case CANCELED, CANCEL_REQUESTED, CANCELING -> jobs.resultOfRow(outcome.job());
            case ALREADY_FINISHED ->
                outcome.job().state() == JobState.OUTCOME_UNKNOWN
                        ? notCancellable(backend, jobId, outcome.job().state())
                        : jobs.resultOfRow(outcome.job());
            case NOT_CANCELLABLE -> notCancellable(backend, jobId, outcome.job().state());
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

    private Img2ImgResult notCancellable(String backend, String jobId, JobState state) {
        String why = switch (state) {
            case SUBMITTING ->
                "is being sent to Scenario and has no Scenario job id yet: ask again in a moment, once it is submitted";
            case OUTCOME_UNKNOWN ->
                "was sent to Scenario but its answer was lost: there is no Scenario job id to cancel (check your "
                        + "Scenario jobs)";
            default ->
                "was sent to a backend where this process cannot cancel it (another backend or other credentials): it "
                        + "runs to its end (and is billed)";
        };
        return Img2ImgResult.error(backend, ResultError.of(ErrorCode.NOT_CANCELLABLE, "job " + jobId + " " + why));
    }
}
