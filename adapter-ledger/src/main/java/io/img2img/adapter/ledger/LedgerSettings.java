package io.img2img.adapter.ledger;

import io.img2img.application.LedgerPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the job ledger. {@code url} is {@code IMG2IMG_DATABASE_URL} ({@code jdbc:sqlite:~/…} or
 * {@code jdbc:postgresql://…}; a URL carrying a password is refused), {@code leaseSeconds} is
 * {@code IMG2IMG_LEASE_SECONDS} (within {@link LedgerPolicy}'s bounds), {@code busyTimeout} how long a write waits for another process's write
 * (SQLite) or for a connection (PostgreSQL) before the ledger is unavailable, and {@code user}/{@code password}
 * PostgreSQL's credentials ({@code IMG2IMG_DATABASE_USER}/{@code _PASSWORD}, from the environment only), both
 * {@code null} for SQLite. {@code asyncCommitAllowed} ({@code IMG2IMG_ALLOW_ASYNC_COMMIT}) lets a PostgreSQL ledger
 * open although its {@code synchronous_commit} is {@code off} or {@code local}, which can lose the write-ahead
 * of a generation POST and send it twice. The password never shows in {@link #toString()}.
 */
public record LedgerSettings(
        String url, int leaseSeconds, Duration busyTimeout, String user, String password, boolean asyncCommitAllowed) {
    public static final String DEFAULT_URL = "jdbc:sqlite:~/.img2img/img2img.db";
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    public LedgerSettings {
        Objects.requireNonNull(url, "url");
        if (leaseSeconds < LedgerPolicy.MIN_LEASE_SECONDS || leaseSeconds > LedgerPolicy.MAX_LEASE_SECONDS) {
            throw new IllegalArgumentException("IMG2IMG_LEASE_SECONDS must be between " + LedgerPolicy.MIN_LEASE_SECONDS
                    + " and " + LedgerPolicy.MAX_LEASE_SECONDS + ", got " + leaseSeconds);
        }
        if (busyTimeout == null
                || busyTimeout.isNegative()
                || busyTimeout.isZero()
                || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the ledger's busy timeout must be positive, got " + busyTimeout);
        }
        DatabaseUrl.refusePassword(url);
    }

    public LedgerSettings(String url, int leaseSeconds, Duration busyTimeout, String user, String password) {
        this(url, leaseSeconds, busyTimeout, user, password, false);
    }

    public LedgerSettings(String url, int leaseSeconds, Duration busyTimeout) {
        this(url, leaseSeconds, busyTimeout, null, null);
    }

    public static LedgerSettings of(String url, int leaseSeconds) {
        return new LedgerSettings(url, leaseSeconds, DEFAULT_BUSY_TIMEOUT);
    }

    /** The same settings with PostgreSQL's user and password (either may be {@code null}). */
    public LedgerSettings withCredentials(String user, String password) {
        return new LedgerSettings(url, leaseSeconds, busyTimeout, user, password, asyncCommitAllowed);
    }

    /** The same settings with {@code synchronous_commit=off}/{@code local} accepted (or not). */
    public LedgerSettings withAsyncCommitAllowed(boolean allowed) {
        return new LedgerSettings(url, leaseSeconds, busyTimeout, user, password, allowed);
    }

    /** The same settings with another busy timeout. */
    public LedgerSettings withBusyTimeout(Duration timeout) {
        return new LedgerSettings(url, leaseSeconds, timeout, user, password, asyncCommitAllowed);
    }

    /** Whether the ledger is a PostgreSQL server that many nodes share (its images kept in it too). */
    public boolean shared() {
        return DatabaseUrl.isPostgres(url);
    }

    long leaseMillis() {
        return leaseSeconds * 1000L;
    }

    @Override
    public String toString() {
        return "LedgerSettings[url=" + url + ", leaseSeconds=" + leaseSeconds + ", busyTimeout=" + busyTimeout
                + ", user=" + user + ", password=" + (password == null ? "none" : "(set)") + ", asyncCommitAllowed="
                + asyncCommitAllowed + "]";
    }
}
