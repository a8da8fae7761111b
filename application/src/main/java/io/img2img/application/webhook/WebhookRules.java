package io.img2img.application.webhook;

import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.WebhookEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which deliveries a job change makes (SPEC §6 "Webhooks"), decided here and written by the ledger in the same
 * transaction as the change: {@code start} once, at the job's first move to running or submitted; {@code progress}
 * when its progress moved, at most one pending per job (a pending one sends the job as it is then);
 * {@code completed} once, when it ends (success, failure, canceled or outcome unknown).
 */
public final class WebhookRules {
    private WebhookRules() {}

    /**
     * A registration as the ledger keeps it.
     *
     * @param startMade       whether its {@code start} delivery was made (or the job went past it)
     * @param progressSeen    the job's progress version its last {@code progress} delivery was made for, or null
     * @param progressPending whether a {@code progress} delivery of the job is still pending
     */
    public record Registration(
            Set<WebhookEvent> events, boolean startMade, Long progressSeen, boolean progressPending) {}

    /** The events to deliver now that the job is in {@code state} at progress version {@code progressVersion}. */
    public static List<WebhookEvent> due(Registration r, JobState state, Long progressVersion) {
        List<WebhookEvent> due = new ArrayList<>();
        boolean working = state == JobState.SUBMITTED || state == JobState.RUNNING;
        if (working && !r.startMade() && r.events().contains(WebhookEvent.START)) {
            due.add(WebhookEvent.START);
        }
        if (working
                && r.events().contains(WebhookEvent.PROGRESS)
                && progressVersion != null
                && !progressVersion.equals(r.progressSeen())
                && !r.progressPending()) {
            due.add(WebhookEvent.PROGRESS);
        }
        if (state.terminal() && r.events().contains(WebhookEvent.COMPLETED)) {
            due.add(WebhookEvent.COMPLETED);
        }
        return due;
    }
}
