package io.img2img.application.webhook;

import java.time.Duration;
import java.util.List;

/**
 * When a delivery that failed (no answer, or not 2xx) is tried again (SPEC §6): after about 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h and 10 h (eight attempts over about 28 hours), then it is given up and marked failed.
 */
public record WebhookSchedule(List<Duration> retries) {
    public static final WebhookSchedule STANDARD = new WebhookSchedule(List.of(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10)));

    public WebhookSchedule {
        retries = List.copyOf(retries);
    }

    /** The wait before the next attempt once {@code attemptsMade} attempts failed, or {@code null}: give up. */
    public Duration after(int attemptsMade) {
        return attemptsMade >= 1 && attemptsMade <= retries.size() ? retries.get(attemptsMade - 1) : null;
    }

    public int maxAttempts() {
        return retries.size() + 1;
    }
}
