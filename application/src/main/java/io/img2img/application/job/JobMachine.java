package io.img2img.application.job;

import io.img2img.application.port.out.JobState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The job's states and every move between them, written once (SPEC §10): state × event → next state, with what
 * the move does. The ledgers persist only the moves this table allows (each write passes the states it may move
 * from, taken from here) and decide nothing; the engine's policies are named beside it ({@link JobPolicy}).
 * docs/jobs.md draws the same table ({@link #mermaid()}; a test fails when they differ).
 */
public final class JobMachine {
    /** One allowed move; {@code from} is {@code null} for a job being accepted. */
    public record Transition(JobState from, JobEvent event, JobState to, String effect) {}

    private static final List<Transition> TABLE = List.of(
            t(null, JobEvent.ACCEPT_WITH_SLOT, JobState.CLAIMED, "recorded with its key; run in this process at once"),
            t(null, JobEvent.ACCEPT_QUEUED, JobState.QUEUED, "recorded with its key and reference image"),
            t(JobState.QUEUED, JobEvent.CLAIM, JobState.CLAIMED, "oldest first, one claimer (version + 1)"),
            t(JobState.QUEUED, JobEvent.CANCEL, JobState.CANCELED, "never claimed"),
            t(JobState.CLAIMED, JobEvent.MARK_SUBMITTING, JobState.SUBMITTING, "committed before the paid POST"),
            t(JobState.CLAIMED, JobEvent.MARK_RUNNING, JobState.RUNNING, "a local run; runs + 1"),
            t(
                    JobState.CLAIMED,
                    JobEvent.FAIL,
                    JobState.FAILURE,
                    "over its cost limit, or its request no longer passes"),
            t(JobState.CLAIMED, JobEvent.CANCEL, JobState.CANCELED, "nothing was sent"),
            t(JobState.CLAIMED, JobEvent.LEASE_EXPIRED, JobState.QUEUED, "nothing was sent: claimed again"),
            t(JobState.CLAIMED, JobEvent.RELEASE, JobState.QUEUED, "a clean stop"),
            t(JobState.SUBMITTING, JobEvent.MARK_SUBMITTED, JobState.SUBMITTED, "with the backend's job id"),
            t(JobState.SUBMITTING, JobEvent.REFUSED, JobState.FAILURE, "only a refusal proves nothing started"),
            t(JobState.SUBMITTING, JobEvent.MAY_HAVE_STARTED, JobState.OUTCOME_UNKNOWN, "never sent again"),
            t(JobState.SUBMITTING, JobEvent.LEASE_EXPIRED, JobState.OUTCOME_UNKNOWN, "never sent again"),
            t(JobState.SUBMITTED, JobEvent.PROGRESS, JobState.SUBMITTED, "progress and images recorded"),
            t(JobState.SUBMITTED, JobEvent.TAKE_OVER, JobState.SUBMITTED, "followed by a live process of its identity"),
            t(JobState.SUBMITTED, JobEvent.RELEASE, JobState.SUBMITTED, "free to be taken over at once"),
            t(JobState.SUBMITTED, JobEvent.SUCCEED, JobState.SUCCESS, "images recorded"),
            t(JobState.SUBMITTED, JobEvent.FAIL, JobState.FAILURE, "the backend's job failed"),
            t(JobState.SUBMITTED, JobEvent.CANCELED_AT_BACKEND, JobState.CANCELED, "the backend canceled it"),
            t(
                    JobState.SUBMITTED,
                    JobEvent.REQUEST_CANCEL,
                    JobState.CANCELING,
                    "committed before the backend's cancel action: sent once"),
            t(JobState.CANCELING, JobEvent.PROGRESS, JobState.CANCELING, "progress and images recorded"),
            t(JobState.CANCELING, JobEvent.TAKE_OVER, JobState.CANCELING, "followed; the cancel is never sent again"),
            t(JobState.CANCELING, JobEvent.RELEASE, JobState.CANCELING, "free to be taken over at once"),
            t(JobState.CANCELING, JobEvent.CANCELED_AT_BACKEND, JobState.CANCELED, "images already produced kept"),
            t(JobState.CANCELING, JobEvent.SUCCEED, JobState.SUCCESS, "it ended before the cancel"),
            t(JobState.CANCELING, JobEvent.FAIL, JobState.FAILURE, "it failed before the cancel"),
            t(JobState.RUNNING, JobEvent.PROGRESS, JobState.RUNNING, "progress and images recorded"),
            t(JobState.RUNNING, JobEvent.SUCCEED, JobState.SUCCESS, "images recorded"),
            t(JobState.RUNNING, JobEvent.FAIL, JobState.FAILURE, "the render failed"),
            t(JobState.RUNNING, JobEvent.CANCELED_AT_BACKEND, JobState.CANCELED, "the render stopped"),
            t(JobState.RUNNING, JobEvent.CANCEL, JobState.CANCELED, "stopped at the next sample"),
            t(
                    JobState.RUNNING,
                    JobEvent.LEASE_EXPIRED,
                    JobState.QUEUED,
                    "head of the queue: run again (free, same bytes)"),
            t(JobState.RUNNING, JobEvent.LEASE_EXPIRED_AGAIN, JobState.FAILURE, "code interrupted"),
            t(JobState.RUNNING, JobEvent.RELEASE, JobState.QUEUED, "head of the queue; the cut run does not count"),
            t(
                    JobState.OUTCOME_UNKNOWN,
                    JobEvent.LATE_BACKEND_ID,
                    JobState.OUTCOME_UNKNOWN,
                    "so it can still be followed"),
            t(
                    JobState.QUEUED,
                    JobEvent.FENCE_POSTED,
                    JobState.OUTCOME_UNKNOWN,
                    "never sent again, whatever its version"),
            t(
                    JobState.CLAIMED,
                    JobEvent.FENCE_POSTED,
                    JobState.OUTCOME_UNKNOWN,
                    "never sent again, whatever its version"),
            t(
                    JobState.SUBMITTING,
                    JobEvent.FENCE_POSTED,
                    JobState.OUTCOME_UNKNOWN,
                    "never sent again, whatever its version"));

    private JobMachine() {}

    private static Transition t(JobState from, JobEvent event, JobState to, String effect) {
        return new Transition(from, event, to, effect);
    }

    /** Every allowed move, in the order docs/jobs.md draws them. */
    public static List<Transition> transitions() {
        return TABLE;
    }

    /** Where {@code event} takes a job in state {@code from}; empty when the table refuses the move. */
    public static Optional<JobState> next(JobState from, JobEvent event) {
        return TABLE.stream()
                .filter(t -> t.from() == from && t.event() == event)
                .map(Transition::to)
                .findFirst();
    }

    /** The states {@code event} may move a job from: what a ledger's compare-and-set checks. */
    public static Set<JobState> sources(JobEvent event) {
        Set<JobState> from = EnumSet.noneOf(JobState.class);
        TABLE.stream().filter(t -> t.event() == event && t.from() != null).forEach(t -> from.add(t.from()));
        return from;
    }

    /** The states a holder may end a job in {@code end} from ({@link io.img2img.application.port.out.JobLedger#finish}). */
    public static Set<JobState> endsFrom(JobState end) {
        Set<JobState> from = EnumSet.noneOf(JobState.class);
        for (JobEvent ending :
                List.of(JobEvent.SUCCEED, JobEvent.FAIL, JobEvent.REFUSED, JobEvent.CANCELED_AT_BACKEND)) {
            TABLE.stream().filter(t -> t.event() == ending && t.to() == end).forEach(t -> from.add(t.from()));
        }
        return from;
    }

    /** The state diagram as docs/jobs.md shows it (Mermaid). */
    public static String mermaid() {
        List<String> lines = new ArrayList<>();
        lines.add("stateDiagram-v2");
        for (Transition t : TABLE) {
            lines.add("    " + (t.from() == null ? "[*]" : name(t.from())) + " --> " + name(t.to()) + " : "
                    + t.event().label());
        }
        for (JobState s : JobState.values()) {
            if (s.terminal()) {
                lines.add("    " + name(s) + " --> [*]");
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static String name(JobState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
