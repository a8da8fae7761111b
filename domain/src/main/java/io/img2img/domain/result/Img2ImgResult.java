package io.img2img.domain.result;

import java.util.List;
import java.util.Objects;

/**
 * What every front end returns (SPEC §4): a job's state and images, a dry run's price, or an error.
 * Fields that do not apply are {@code null} (or empty / false) and are left out of the JSON.
 *
 * @param backend       "scenario" or "local"; always present
 * @param progress      0–1
 * @param queuePosition 1 for the next job to start, only while {@link JobStatus#QUEUED}; else {@code null}
 * @param notes         how the request was adjusted to run (a reference scaled down to fit the backend); empty when not
 */
public record Img2ImgResult(
        String backend,
        String jobId,
        JobStatus status,
        Double progress,
        String seed,
        Double creativeUnitsCost,
        List<ProducedImage> images,
        boolean dryRun,
        ResultError error,
        Integer queuePosition,
        List<String> notes) {

    public Img2ImgResult {
        Objects.requireNonNull(backend, "backend");
        images = images == null ? List.of() : List.copyOf(images);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * A result outside our queue, of a request that was not adjusted. (This and the next constructor repeat the field
     * list on purpose: records have no default values, and these give the later fields theirs.)
     */
    public Img2ImgResult(
            String backend,
            String jobId,
            JobStatus status,
            Double progress,
            String seed,
            Double creativeUnitsCost,
            List<ProducedImage> images,
            boolean dryRun,
            ResultError error) {
        this(backend, jobId, status, progress, seed, creativeUnitsCost, images, dryRun, error, null);
    }

    /** A result with its place in our queue, of a request that was not adjusted. */
    public Img2ImgResult(
            String backend,
            String jobId,
            JobStatus status,
            Double progress,
            String seed,
            Double creativeUnitsCost,
            List<ProducedImage> images,
            boolean dryRun,
            ResultError error,
            Integer queuePosition) {
        this(backend, jobId, status, progress, seed, creativeUnitsCost, images, dryRun, error, queuePosition, null);
    }

    public static Img2ImgResult dryRun(String backend, double creativeUnitsCost) {
        return new Img2ImgResult(backend, null, null, null, null, creativeUnitsCost, List.of(), true, null);
    }

    public static Img2ImgResult error(String backend, ResultError error) {
        return new Img2ImgResult(backend, null, null, null, null, null, List.of(), false, error);
    }

    public Img2ImgResult withError(ResultError newError) {
        return with(newError, notes);
    }

    public Img2ImgResult withNotes(List<String> newNotes) {
        return with(error, newNotes);
    }

    private Img2ImgResult with(ResultError newError, List<String> newNotes) {
        return new Img2ImgResult(
                backend,
                jobId,
                status,
                progress,
                seed,
                creativeUnitsCost,
                images,
                dryRun,
                newError,
                queuePosition,
                newNotes);
    }

    /** True when the caller must look at {@link #error()}: a refused request or a failed / canceled job. */
    public boolean isError() {
        return error != null;
    }

    /** Not ended yet: running, or waiting in our queue. */
    public boolean inProgress() {
        return status == JobStatus.IN_PROGRESS || status == JobStatus.QUEUED || status == JobStatus.CANCELING;
    }
}
