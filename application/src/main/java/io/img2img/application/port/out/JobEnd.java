package io.img2img.application.port.out;

import io.img2img.domain.result.ProducedImage;
import java.util.List;

/** How a held job ends: its final state, the images it still adds, and for a failure or cancel its error. */
public record JobEnd(JobState state, List<ProducedImage> images, String errorCode, String errorMessage) {
    public JobEnd {
        if (state != JobState.SUCCESS && state != JobState.FAILURE && state != JobState.CANCELED) {
            throw new IllegalArgumentException("a job ends SUCCESS, FAILURE or CANCELED, not " + state);
        }
        images = images == null ? List.of() : List.copyOf(images);
    }

    public static JobEnd success(List<ProducedImage> images) {
        return new JobEnd(JobState.SUCCESS, images, null, null);
    }

    public static JobEnd failure(String errorCode, String errorMessage) {
        return new JobEnd(JobState.FAILURE, List.of(), errorCode, errorMessage);
    }

    public static JobEnd canceled(String errorMessage) {
        return new JobEnd(JobState.CANCELED, List.of(), JobLedger.CANCELED_CODE, errorMessage);
    }
}
