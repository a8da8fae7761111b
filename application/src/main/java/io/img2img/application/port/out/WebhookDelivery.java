package io.img2img.application.port.out;

/**
 * One event of a job to deliver to its webhook: a row of the ledger's outbox (SPEC §6 "Webhooks").
 *
 * @param deliveryId    the {@code webhook-id}: the same on every attempt, the receiver's dedup key
 * @param state         {@code pending} (to send, or to send again at {@code nextAttemptAt}), {@code delivered} or
 *                      {@code failed} (given up after the last retry)
 * @param attempts      attempts whose answer was recorded
 * @param nextAttemptAt when it is due (epoch ms, the ledger's clock), or {@code null} once delivered or failed
 * @param lastStatus    the HTTP status of the last answer, or {@code null} (none yet, or no answer)
 * @param lastError     why the last attempt failed without an HTTP answer, or {@code null}
 * @param lastAttemptAt when the last answer was recorded (epoch ms), or {@code null}
 * @param body          the body sent by the first attempt (every retry sends the same), or {@code null} before it
 */
public record WebhookDelivery(
        String deliveryId,
        String jobId,
        WebhookEvent event,
        String url,
        String state,
        int attempts,
        Long nextAttemptAt,
        Integer lastStatus,
        String lastError,
        Long lastAttemptAt,
        byte[] body) {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
}
