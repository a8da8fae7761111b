package io.img2img.application.usecase;

import io.img2img.application.port.in.JobWebhooks;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.WebhookOutbox;
import java.time.Instant;
import java.util.List;

/** A job's webhook deliveries from the ledger's outbox. */
public final class JobWebhooksService implements JobWebhooks {
    private final WebhookOutbox outbox;

    public JobWebhooksService(WebhookOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public List<Delivery> of(String jobId) {
        try {
            return outbox.deliveriesOf(jobId).stream()
                    .map(d -> new Delivery(
                            d.deliveryId(),
                            d.event().wireName(),
                            d.url(),
                            d.state(),
                            d.attempts(),
                            d.lastStatus(),
                            d.lastError(),
                            d.lastAttemptAt() == null ? null : Instant.ofEpochMilli(d.lastAttemptAt()),
                            d.nextAttemptAt() == null ? null : Instant.ofEpochMilli(d.nextAttemptAt())))
                    .toList();
        } catch (LedgerUnavailableException e) {
            return List.of(); // the job itself says the ledger failed
        }
    }
}
