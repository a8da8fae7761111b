package io.img2img.application.job;

import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.JobState;
import io.img2img.domain.result.ErrorCode;
import java.util.Set;

/**
 * The engine's rules beside its table ({@link JobMachine}), each named once: what proves a POST started nothing,
 * which states a caller can cancel, how many cut-off runs a local job gets, and which states a holder answers for.
 */
public final class JobPolicy {
    /** A local job whose runs were cut off this many times ends as {@code failure} / {@code interrupted}. */
    public static final int RUN_LIMIT = 2;

    /**
     * Codes of a POST answer that prove the backend started nothing (SPEC §8): its own refusals (a 4xx other than
     * 408 with its error body, 429, or a 503 it sent), and a connection that never carried the request. Any other
     * outcome (a 500, 502, 504, 408, a gateway's page, a timeout, a broken connection) may have started a job.
     */
    private static final Set<ErrorCode> NOTHING_STARTED = Set.of(
            ErrorCode.UPSTREAM_REJECTED,
            ErrorCode.UPSTREAM_AUTH,
            ErrorCode.UPSTREAM_RATE_LIMITED,
            ErrorCode.UPSTREAM_FAILURE,
            ErrorCode.INVALID_REQUEST,
            ErrorCode.COST_OVER_LIMIT,
            ErrorCode.INTERNAL); // INTERNAL: the request could not even be written

    private JobPolicy() {}

    /**
     * Whether a failed POST provably started nothing, so its job may end {@code failure}. The backend adapter
     * classifies its answers: "may have started" is {@link ErrorCode#JOB_MAY_HAVE_STARTED}; a timeout code is
     * never taken as a refusal.
     */
    public static boolean provesNothingStarted(ErrorCode code) {
        return NOTHING_STARTED.contains(code);
    }

    /** What an outcome-unknown job says when its POST's answer did not prove a refusal. */
    public static String mayHaveStarted(BackendException e) {
        return e.code() == ErrorCode.JOB_MAY_HAVE_STARTED
                ? e.getMessage()
                : e.getMessage()
                        + ": the generation request may have reached the backend, so the job may have started and be billed. "
                        + "It is never sent again; check your Scenario jobs before sending the request again";
    }

    /** The states a caller may cancel a job in: from the table. */
    public static Set<JobState> cancellable() {
        return JobMachine.sources(JobEvent.CANCEL);
    }

    /**
     * States a job may end from (a cancel, or {@link io.img2img.application.port.out.JobLedger#finish}) having provably
     * cost nothing, so the units it was charged at acceptance go back to its day's budget (SPEC §6 {@code
     * budget-exhausted}): queued or claimed, nothing was sent; submitting, a job ends (rather than becoming {@code
     * outcome-unknown}) only when the backend's answer proved nothing started. A job that was submitted, ran, or may
     * have started keeps its units: giving back what may have been billed would let the budget be passed.
     */
    public static Set<JobState> endsThatCostNothingFrom() {
        return Set.of(JobState.QUEUED, JobState.CLAIMED, JobState.SUBMITTING);
    }
}
