package io.img2img.application.port.in;

import io.img2img.domain.result.Img2ImgResult;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The current state of a job, waiting up to a budget for it to end. Any job the backend knows can be
 * followed, also one another process started; an unknown id is a result with error {@code unknown-job}.
 */
public interface GetJob {
    /** Job ids may end up in file names and URLs: letters, digits, '_' and '-' only. */
    Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    Img2ImgResult get(String jobId, Duration waitBudget, ProgressListener progress);
}
