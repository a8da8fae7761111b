package io.img2img.application;

import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ResultError;
import io.img2img.domain.request.Violation;

import java.time.Duration;
import java.util.List;

/** Follows a job by id: one this process started, or any other the backend knows. */
public final class GetJobService implements GetJob {
    private final JobTracker tracker;

    public GetJobService(JobTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public Img2ImgResult get(String jobId, Duration waitBudget, ProgressListener progress) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            return Img2ImgResult.error(tracker.backendName(), ResultError.invalid(List.of(new Violation("jobId",
                    "must be 1 to 128 letters, digits, '_' or '-'"))));
        }
        Img2ImgResult known = tracker.known(jobId).orElse(null);
        if (known != null && known.status() != null && known.status().terminal()) {
            return known;
        }
        Img2ImgResult start = known != null ? known
                : new Img2ImgResult(tracker.backendName(), jobId, JobStatus.IN_PROGRESS, 0.0, null, null, List.of(), false, null);
        Img2ImgResult result = tracker.follow(start, waitBudget, progress, true);
        if (result.error() != null && result.error().code() == ErrorCode.UNKNOWN_JOB) {
            return Img2ImgResult.error(tracker.backendName(), ResultError.of(ErrorCode.UNKNOWN_JOB,
                    "no job " + jobId + " is known to the " + tracker.backendName() + " backend"));
        }
        return result;
    }
}
