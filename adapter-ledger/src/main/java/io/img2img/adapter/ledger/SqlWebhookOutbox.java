package io.img2img.adapter.ledger;

import io.img2img.application.port.out.WebhookDelivery;
import io.img2img.application.port.out.WebhookOutbox;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The webhook outbox in the job ledger's database, one transaction per call ({@link WebhookRows}). */
final class SqlWebhookOutbox implements WebhookOutbox {
    private final LedgerDatabase database;

    SqlWebhookOutbox(LedgerDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<WebhookDelivery> claimDue(String holder, Duration lease) {
        Objects.requireNonNull(holder, "holder");
        return database.write(sql -> WebhookRows.claimDue(sql, holder, lease));
    }

    @Override
    public boolean settle(
            WebhookDelivery claimed,
            String holder,
            byte[] body,
            boolean delivered,
            Integer status,
            String error,
            Duration retryIn) {
        return database.write(sql -> WebhookRows.settle(sql, claimed, holder, body, delivered, status, error, retryIn));
    }

    @Override
    public List<WebhookDelivery> deliveriesOf(String jobId) {
        return database.read(sql -> WebhookRows.ofJob(sql, jobId));
    }
}
