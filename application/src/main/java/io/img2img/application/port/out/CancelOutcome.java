package io.img2img.application.port.out;

/** What {@link JobLedger#cancel} found and did; {@code job} is the job after it, {@code null} when unknown or pruned. */
public record CancelOutcome(Kind kind, LedgerJob job) {

    public enum Kind {
        /** Now {@link JobState#CANCELED}: it was queued, claimed (nothing sent) or running locally. */
        CANCELED,
        /** It had already ended: its final state, unchanged. */
        ALREADY_FINISHED,
        /** It was sent to a backend that cannot cancel it (submitting or submitted). */
        NOT_CANCELLABLE,
        /** Pruned after its retention. */
        PRUNED,
        UNKNOWN
    }
}
