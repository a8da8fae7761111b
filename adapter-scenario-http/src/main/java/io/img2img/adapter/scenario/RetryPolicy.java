package io.img2img.adapter.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to retry: exponential backoff with full jitter, a {@code Retry-After} hint
 * honoured (never retried sooner), bounded in attempts and in total waiting.
 */
record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration maxTotalWait) {
    static final RetryPolicy READS =
            new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(30));
    /** The generation POST: retried only when Scenario provably started nothing. */
    static final RetryPolicy SUBMIT =
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(60));

    /** The wait before attempt {@code attempt + 1}: at least the hint, else jittered backoff. */
    Duration backoff(int attempt, Duration hint) {
        long ceiling = Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(attempt, 20));
        Duration jittered =
                Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
        return hint != null && hint.compareTo(jittered) > 0 ? hint : jittered;
    }

    /** {@code Retry-After} as seconds or an HTTP date; {@code null} when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(
                        now,
                        ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
