package io.img2img.application.port.out;

/** What {@link JobLedger#cancel} found and did; {@code job} is the job after it, {@code null} when unknown or pruned. */
public record CancelOutcome(Kind kind, LedgerJob job) {

    public enum Kind {
        /** Now {@link JobState#CANCELED}: it was queued, claimed (nothing sent) or running locally. */
        CANCELED,
        /** It had already ended: its final state, unchanged. */
        ALREADY_FINISHED,
        /**
         * It was sent to a backend and cannot be canceled now: {@code submitting} (no backend job id yet), or
         * submitted by a process of another backend identity, or to a backend without a cancel action.
         */
        NOT_CANCELLABLE,
        /**
         * Now {@link JobState#CANCELING}: this caller's move passed ({@link JobLedger#requestCancel}), so this caller,
         * and no other, sends the backend's cancel action.
         */
        CANCEL_REQUESTED,
        /** It was already {@link JobState#CANCELING}: the cancel was asked of the backend before; nothing to send. */
        CANCELING,
        /** Pruned after its retention. */
        PRUNED,
        UNKNOWN
    }
}
