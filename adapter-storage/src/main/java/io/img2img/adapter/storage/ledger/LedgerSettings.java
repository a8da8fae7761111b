package io.img2img.adapter.storage.ledger;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the job ledger. {@code url} is {@code IMG2IMG_DATABASE_URL} ({@code jdbc:sqlite:~/…}; a URL
 * carrying a password is refused), {@code leaseSeconds} is {@code IMG2IMG_LEASE_SECONDS} (2–300) and
 * {@code busyTimeout} how long a write waits for another process's write before the ledger is unavailable.
 */
public record LedgerSettings(String url, int leaseSeconds, Duration busyTimeout) {
    public static final String DEFAULT_URL = "jdbc:sqlite:~/.img2img/img2img.db";
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    public LedgerSettings {
        Objects.requireNonNull(url, "url");
        if (leaseSeconds < 2 || leaseSeconds > 300) {
            throw new IllegalArgumentException("IMG2IMG_LEASE_SECONDS must be between 2 and 300, got " + leaseSeconds);
        }
        if (busyTimeout == null || busyTimeout.isNegative() || busyTimeout.isZero()
                || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the ledger's busy timeout must be positive, got " + busyTimeout);
        }
        DatabaseUrl.refusePassword(url);
    }

    public static LedgerSettings of(String url, int leaseSeconds) {
        return new LedgerSettings(url, leaseSeconds, DEFAULT_BUSY_TIMEOUT);
    }

    long leaseMillis() {
        return leaseSeconds * 1000L;
    }
}
