package io.img2img.application.port.in;

import java.time.Instant;
import java.util.List;

/** A job's webhook deliveries and their last answers (SPEC §6), shown with the job over REST. */
@FunctionalInterface
public interface JobWebhooks {
    /** No webhooks on this server. */
    JobWebhooks NONE = jobId -> List.of();

    /** The job's deliveries, oldest first; empty when it has none (or the ledger cannot be read just now). */
    List<Delivery> of(String jobId);

    /**
     * @param webhookId     the {@code webhook-id} header, the same on every attempt
     * @param state         {@code pending}, {@code delivered} or {@code failed}
     * @param lastStatus    the HTTP status of the last answer, or {@code null}
     * @param lastError     why the last attempt got no answer, or {@code null}
     * @param nextAttemptAt when it is tried (again), or {@code null} once delivered or failed
     */
    record Delivery(
            String webhookId,
            String event,
            String url,
            String state,
            int attempts,
            Integer lastStatus,
            String lastError,
            Instant lastAttemptAt,
            Instant nextAttemptAt) {}
}
