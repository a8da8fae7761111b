package io.img2img.application.port.out;

import java.util.Locale;

/** What a job's webhook is called for (SPEC §6): its first move to running or submitted, its progress, its end. */
public enum WebhookEvent {
    START,
    PROGRESS,
    COMPLETED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event of this wire name, or {@code null}. */
    public static WebhookEvent ofWireName(String name) {
        for (WebhookEvent e : values()) {
            if (e.wireName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
