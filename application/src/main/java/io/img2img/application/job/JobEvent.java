package io.img2img.application.job;

/** What can happen to a job (SPEC §10): the events of the {@link JobMachine}'s table, each named as its diagram shows it. */
public enum JobEvent {
    /** Accepted with a free slot in this process: claimed at once. */
    ACCEPT_WITH_SLOT("accept (a free slot)"),
    /** Accepted with every slot taken (or an older job queued): queued. */
    ACCEPT_QUEUED("accept (no free slot)"),
    /** A process of the job's backend identity claims the oldest queued job. */
    CLAIM("claim"),
    /** Written before the paid POST: from here the job is never sent again. */
    MARK_SUBMITTING("markSubmitting"),
    /** The backend answered the POST with its job id. */
    MARK_SUBMITTED("markSubmitted"),
    /** A local run starts (counted). */
    MARK_RUNNING("markRunning"),
    /** Progress or images of a job being followed. */
    PROGRESS("progress"),
    /** The backend refused the POST: provably nothing started ({@link JobPolicy#provesNothingStarted}). */
    REFUSED("refused"),
    /** The POST's outcome is unknown: the job may have started, it is never sent again. */
    MAY_HAVE_STARTED("may have started"),
    /** The backend's job succeeded. */
    SUCCEED("succeed"),
    /** The backend's job failed, or the job cannot run (cost over its limit, a request that no longer passes). */
    FAIL("fail"),
    /** The backend canceled its job. */
    CANCELED_AT_BACKEND("canceled at the backend"),
    /** A caller cancels the job ({@code DELETE /v1/jobs/{id}}). */
    CANCEL("cancel"),
    /**
     * A caller cancels a job the backend runs ({@code DELETE /v1/jobs/{id}} on a submitted Scenario job): committed
     * before the backend's cancel action is sent, by the one caller whose move passed.
     */
    REQUEST_CANCEL("requestCancel"),
    /** The holder's lease expired (a sweep, any process). */
    LEASE_EXPIRED("lease expired"),
    /** A local run's lease expired for the {@link JobPolicy#RUN_LIMIT}th time. */
    LEASE_EXPIRED_AGAIN("lease expired, runs cut off twice"),
    /** A submitted job whose holder's lease expired is taken over by a process of its identity, to follow it. */
    TAKE_OVER("takeOver"),
    /** A clean stop lets the job go for another process at once. */
    RELEASE("release"),
    /** The backend's answer arrived after the job became outcome-unknown: its job id is recorded. */
    LATE_BACKEND_ID("late backend job id"),
    /**
     * The backend answered a POST but the row no longer says {@code submitting} (its commit was lost, F3): whatever
     * its version, the job is fenced as outcome-unknown with the backend's id, so it is never sent again.
     */
    FENCE_POSTED("posted, its submitting lost");

    private final String label;

    JobEvent(String label) {
        this.label = label;
    }

    /** The event's name in the diagram of docs/jobs.md. */
    public String label() {
        return label;
    }
}
