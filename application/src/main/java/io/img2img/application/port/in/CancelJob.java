package io.img2img.application.port.in;

import io.img2img.domain.result.Img2ImgResult;

/**
 * Cancels a job (REST {@code DELETE /v1/jobs/{jobId}}, SPEC §6): a queued job is canceled and never started; a
 * local job in progress stops between samples (the images already saved stay); a finished job comes back
 * unchanged. A job submitted to Scenario is asked once to cancel there and answers {@code canceling} until Scenario
 * reports its end ({@code canceled}, or its real end if it ended first); a job still {@code submitting} or
 * {@code outcome-unknown} is {@code not-cancellable}; an unknown one {@code unknown-job}.
 */
public interface CancelJob {
    Img2ImgResult cancel(String jobId);
}
