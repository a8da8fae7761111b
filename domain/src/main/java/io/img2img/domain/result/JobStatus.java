package io.img2img.domain.result;

/** Where a job stands, as results report it. */
public enum JobStatus {
    QUEUED("queued"),
    IN_PROGRESS("in-progress"),
    /** A cancel was asked of the backend running it (Scenario): it ends canceled, or with its real end if it ended first. */
    CANCELING("canceling"),
    SUCCESS("success"),
    FAILURE("failure"),
    CANCELED("canceled");

    private final String wireName;

    JobStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean terminal() {
        return this != IN_PROGRESS && this != QUEUED && this != CANCELING;
    }
}
