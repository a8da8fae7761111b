package io.img2img.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.img2img.adapter.http.HttpServer;
import io.img2img.adapter.webhook.WebhookSenders;
import io.img2img.adapter.webhook.WebhookSettings;
import io.img2img.application.job.JobEngine;
import io.img2img.application.port.in.JobWebhooks;
import io.img2img.application.port.out.HostResolver;
import io.img2img.application.port.out.WebhookOutbox;
import io.img2img.application.usecase.JobWebhooksService;
import io.img2img.application.webhook.WebhookAddresses;
import io.img2img.application.webhook.WebhookDeliverer;
import io.img2img.application.webhook.WebhookRegistrar;
import io.img2img.application.webhook.WebhookSchedule;
import java.time.Duration;
import java.util.Optional;

/**
 * Webhooks (SPEC §6): the check at acceptance, the deliveries shown with a job, and, on {@code serve} with
 * {@code IMG2IMG_WEBHOOK_SECRET} set, the deliverer of the ledger's outbox over HTTP.
 */
final class WebhookWiring extends AbstractModule {
    /** How often a node looks at the outbox for deliveries come due (retries); job changes wake it at once. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** Deliveries one node sends at once. */
    static final int PARALLEL = 4;

    private final Settings settings;

    WebhookWiring(Settings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    WebhookRegistrar registrar() {
        return new WebhookRegistrar(
                settings.webhookSecret() != null,
                new WebhookAddresses(settings.webhookAllowedHosts()),
                HostResolver.system());
    }

    @Provides
    @Singleton
    JobWebhooks jobWebhooks(WebhookOutbox outbox) {
        return new JobWebhooksService(outbox);
    }

    /** Empty without a secret (nothing is accepted to send) or off {@code serve}. */
    @Provides
    @Singleton
    Optional<WebhookDeliverer> deliverer(WebhookOutbox outbox, JobEngine jobs, Injector injector) {
        if (settings.webhookSecret() == null || !settings.command().equals("serve")) {
            return Optional.empty();
        }
        WebhookSettings sending = settings.webhookSettings(() -> settings.publicUrl() != null
                ? settings.publicUrl()
                : "http://" + settings.host() + ":"
                        + injector.getInstance(HttpServer.class).port());
        // a claim outlives the longest send, so a live node's delivery is never sent twice by another
        Duration lease = Duration.ofSeconds(settings.leaseSeconds()).plus(sending.callTimeout());
        return Optional.of(new WebhookDeliverer(
                outbox, WebhookSenders.create(sending), jobs, WebhookSchedule.STANDARD, lease, POLL, PARALLEL));
    }
}
