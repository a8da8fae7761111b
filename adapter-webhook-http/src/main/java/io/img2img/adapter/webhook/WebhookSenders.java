package io.img2img.adapter.webhook;

import io.img2img.application.port.out.WebhookSender;

/**
 * The adapter's one door: a {@link WebhookSender} over HTTP (SPEC §6). Not a Guice module: its settings hold the
 * public URL, known only once the HTTP server has started, so bootstrap makes the sender where it knows it.
 */
public final class WebhookSenders {
    private WebhookSenders() {}

    public static WebhookSender create(WebhookSettings settings) {
        return new HttpWebhookSender(settings);
    }
}
