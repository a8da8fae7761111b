package io.img2img.application.port.out;

/**
 * Where a job stands in the ledger (SPEC §10). A Scenario job moves {@code QUEUED → CLAIMED → SUBMITTING →
 * SUBMITTED (→ CANCELING) → SUCCESS | FAILURE | CANCELED}, a local one {@code QUEUED → CLAIMED → RUNNING → …}. An expired
 * {@code SUBMITTING} becomes {@code OUTCOME_UNKNOWN}: terminal, never submitted again. A job pruned after its
 * retention is not a state: the ledger keeps only its id ({@link JobLedger#wasPruned}).
 */
public enum JobState {
    QUEUED,
    CLAIMED,
    SUBMITTING,
    SUBMITTED,
    /**
     * A caller asked the backend to cancel a {@code SUBMITTED} job: committed before the cancel action is sent, so it
     * is sent once. Followed like {@code SUBMITTED} until the backend reports an end.
     */
    CANCELING,
    RUNNING,
    SUCCESS,
    FAILURE,
    CANCELED,
    OUTCOME_UNKNOWN;

    /** The job has ended and will never change again (except a late backend job id on {@code OUTCOME_UNKNOWN}). */
    public boolean terminal() {
        return this == SUCCESS || this == FAILURE || this == CANCELED || this == OUTCOME_UNKNOWN;
    }

    /** A holder with a lease answers for the job in this state. */
    public boolean held() {
        return this == CLAIMED || this == SUBMITTING || this == SUBMITTED || this == CANCELING || this == RUNNING;
    }
}
