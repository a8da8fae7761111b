package io.img2img.application.port.out;

import java.util.Objects;
import java.util.Set;

/**
 * A callback registered with a job when it is accepted (SPEC §6 "Webhooks"), recorded in the same transaction
 * as the job.
 *
 * @param url    where deliveries are posted, already checked (scheme, host, address) when the job was accepted
 * @param events the events called for; never empty
 */
public record WebhookRegistration(String url, Set<WebhookEvent> events) {
    public WebhookRegistration {
        Objects.requireNonNull(url, "url");
        events = Set.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a webhook needs at least one event");
        }
    }
}
