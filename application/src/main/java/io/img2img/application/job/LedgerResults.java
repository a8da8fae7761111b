package io.img2img.application.job;

import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ResultError;

/** A ledger job as the result every front end shows (SPEC §4: the ledger's states mapped to the result's). */
final class LedgerResults {
    private LedgerResults() {}

    /** The job as a result; a queued job with its position in the queue. */
    static Img2ImgResult of(LedgerJob job, String backendName, JobLedger ledger) {
        Img2ImgResult result = of(job, backendName);
        if (job.state() != JobState.QUEUED) {
            return result;
        }
        Integer position =
                ledger.queuePosition(job.jobId()).stream().boxed().findFirst().orElse(null);
        return new Img2ImgResult(
                result.backend(),
                result.jobId(),
                result.status(),
                result.progress(),
                result.seed(),
                result.creativeUnitsCost(),
                result.images(),
                false,
                result.error(),
                position,
                result.notes());
    }

    static Img2ImgResult of(LedgerJob job, String backendName) {
        JobStatus status = switch (job.state()) {
            case QUEUED -> JobStatus.QUEUED;
            case CLAIMED, SUBMITTING, SUBMITTED, RUNNING -> JobStatus.IN_PROGRESS;
            case CANCELING -> JobStatus.CANCELING;
            case SUCCESS -> JobStatus.SUCCESS;
            case FAILURE, OUTCOME_UNKNOWN -> JobStatus.FAILURE;
            case CANCELED -> JobStatus.CANCELED;
        };
        ResultError error = switch (job.state()) {
            case OUTCOME_UNKNOWN -> ResultError.of(ErrorCode.OUTCOME_UNKNOWN, outcomeUnknown(job));
            case FAILURE, CANCELED ->
                ResultError.of(
                        code(job.errorCode(), job.state() == JobState.CANCELED),
                        job.errorMessage() != null ? job.errorMessage() : "job failed");
            case SUCCESS ->
                job.errorCode() == null ? null : ResultError.of(code(job.errorCode(), false), job.errorMessage());
            default -> null;
        };
        double progress = job.state() == JobState.SUCCESS ? 1.0 : job.progress();
        return new Img2ImgResult(
                backendName,
                job.jobId(),
                status,
                progress,
                job.seed(),
                job.price(),
                job.images(),
                false,
                error,
                null,
                job.notes());
    }

    /** SPEC §10: say that a job may have been started and billed, and how to check. */
    static String outcomeUnknown(LedgerJob job) {
        return "the generation request of job " + job.jobId()
                + " was sent to the backend but its answer was lost: a job "
                + "may have been started and billed"
                + (job.backendJobId() != null ? " (backend job " + job.backendJobId() + ")" : "")
                + ". It is never sent again: check your Scenario jobs (the web app's history, or GET /v1/jobs at Scenario) "
                + "before sending the request again";
    }

    private static ErrorCode code(String wireName, boolean canceled) {
        ErrorCode fallback = canceled ? ErrorCode.JOB_CANCELED : ErrorCode.JOB_FAILED;
        return wireName == null ? fallback : ErrorCode.ofWireName(wireName).orElse(fallback);
    }
}
