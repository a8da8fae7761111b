package io.img2img.application.port.out;

import io.img2img.domain.result.ProducedImage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job as the ledger holds it at one version. Times come from the database's clock.
 *
 * @param backendIdentity which backend may run it: {@code local}, or Scenario's base URL with a hash of the key
 * @param holder          the process answering for it while {@link JobState#held()}, else {@code null}
 * @param leaseUntil      until when the holder's claim stands, else {@code null}
 * @param version         grows by one with every change of this job
 * @param price           the price in Creative Units known at acceptance (or billed), or {@code null}
 * @param costLimit       the money guard's limit recorded at acceptance, or {@code null} when none
 * @param request         the accepted request as a JSON tree (the reference image kept apart)
 * @param backendJobId    the backend's own job id once known, else {@code null}
 * @param images          the images saved so far, in the order they were recorded
 * @param errorCode       the error code (wire name) of a job that failed or was canceled, else {@code null}
 * @param runs            how many times a local run of it started
 * @param idempotencyKey  the key it was accepted with, or {@code null}
 * @param statusVersion   the version at which what a status event says last changed: the job entered or left the
 *                        queue, or it ended; not its queue position, computed when read (F12). Job events resume by it (SPEC §6)
 * @param progressVersion the version at which its progress last changed
 * @param notes           how the request was adjusted to run (SPEC §4), kept with the job; empty when not
 */
public record LedgerJob(
        String jobId,
        String backendIdentity,
        JobState state,
        String holder,
        Instant leaseUntil,
        long version,
        Instant createdAt,
        Instant updatedAt,
        String seed,
        Double price,
        Double costLimit,
        Map<String, Object> request,
        String backendJobId,
        double progress,
        List<ProducedImage> images,
        String errorCode,
        String errorMessage,
        int runs,
        String idempotencyKey,
        long statusVersion,
        long progressVersion,
        List<String> notes) {
    public LedgerJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(state, "state");
        images = images == null ? List.of() : List.copyOf(images);
        request = request == null ? Map.of() : request;
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * A job whose status and progress versions are unknown (taken as its current version: changed now), without
     * notes. It repeats the field list on purpose: records have no default values for the fields added later.
     */
    public LedgerJob(
            String jobId,
            String backendIdentity,
            JobState state,
            String holder,
            Instant leaseUntil,
            long version,
            Instant createdAt,
            Instant updatedAt,
            String seed,
            Double price,
            Double costLimit,
            Map<String, Object> request,
            String backendJobId,
            double progress,
            List<ProducedImage> images,
            String errorCode,
            String errorMessage,
            int runs,
            String idempotencyKey) {
        this(
                jobId,
                backendIdentity,
                state,
                holder,
                leaseUntil,
                version,
                createdAt,
                updatedAt,
                seed,
                price,
                costLimit,
                request,
                backendJobId,
                progress,
                images,
                errorCode,
                errorMessage,
                runs,
                idempotencyKey,
                version,
                version,
                List.of());
    }

    /** The same job with these images. */
    public LedgerJob withImages(List<ProducedImage> images) {
        return new LedgerJob(
                jobId,
                backendIdentity,
                state,
                holder,
                leaseUntil,
                version,
                createdAt,
                updatedAt,
                seed,
                price,
                costLimit,
                request,
                backendJobId,
                progress,
                images,
                errorCode,
                errorMessage,
                runs,
                idempotencyKey,
                statusVersion,
                progressVersion,
                notes);
    }
}
