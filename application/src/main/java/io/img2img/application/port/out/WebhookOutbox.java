package io.img2img.application.port.out;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's outbox of webhook deliveries (SPEC §6 "Webhooks"), shared by every node. Deliveries are written by
 * the ledger in the same transaction as the job change that makes them (see
 * {@link io.img2img.application.port.out.WebhookRegistration}); this port claims and settles them. Each call is
 * one transaction.
 */
public interface WebhookOutbox {
    /**
     * Claims the oldest pending delivery that is due and not held by a live lease, for {@code lease}; a node that
     * dies holding it loses nothing: once the lease ends any node claims it again (the same {@code webhook-id}).
     */
    Optional<WebhookDelivery> claimDue(String holder, Duration lease);

    /**
     * Records an attempt's answer for a delivery this holder claimed: {@code delivered}, or {@code pending} again
     * after {@code retryIn}, or {@code failed} when {@code retryIn} is {@code null} and it was not delivered. The
     * body sent is kept by the first attempt. False when the claim was lost (another node took it over).
     */
    boolean settle(
            WebhookDelivery claimed,
            String holder,
            byte[] body,
            boolean delivered,
            Integer status,
            String error,
            Duration retryIn);

    /** The job's deliveries, oldest first. */
    List<WebhookDelivery> deliveriesOf(String jobId);
}
