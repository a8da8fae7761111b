package io.img2img.application.port.in;

import io.img2img.domain.result.Img2ImgResult;
import java.time.Duration;

/**
 * The current state of a job, waiting up to a budget for it to end. Any job the backend knows can be
 * followed, also one another process started; an unknown id is a result with error {@code unknown-job}.
 */
public interface GetJob {
    Img2ImgResult get(String jobId, Duration waitBudget, ProgressListener progress);
}
