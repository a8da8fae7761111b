package io.img2img.adapter.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;

/**
 * Hears the ledger's change announcements from every node: {@code LISTEN} on a connection of its own, outside
 * the pool (a pooled connection would be handed to others and lose the registration), on a daemon thread.
 * When the connection breaks (the server restarted, a backend was terminated) it connects again with a growing
 * pause, listens again and then says "something may have changed" once, since announcements sent meanwhile
 * were lost: callers re-read the ledger. A connection that merely went quiet (a half-open socket after a network
 * cut, a server that stopped answering) would never say so, since LISTEN sends nothing: a round trip every few
 * seconds, bounded by a network timeout, finds it deaf and has it made again.
 */
final class ChangeListener implements AutoCloseable {
    static final String APPLICATION_NAME = "img2img-ledger-listener";
    private static final System.Logger LOG = System.getLogger(ChangeListener.class.getName());
    private static final int POLL_MILLIS = 250;
    private static final long MAX_PAUSE_MILLIS = 2000;
    static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final PostgresOpener opener;
    private final Runnable onChange;
    private final Duration checkEvery;
    private final Duration checkTimeout;
    private volatile boolean closed;
    private Thread thread;

    ChangeListener(PostgresOpener opener, Runnable onChange) {
        this(opener, onChange, CHECK_EVERY, CHECK_TIMEOUT);
    }

    ChangeListener(PostgresOpener opener, Runnable onChange, Duration checkEvery, Duration checkTimeout) {
        this.opener = opener;
        this.onChange = onChange;
        this.checkEvery = checkEvery;
        this.checkTimeout = checkTimeout;
    }

    /** Starts listening, once. */
    synchronized void start() {
        if (thread == null && !closed) {
            thread = new Thread(this::listen, "img2img-ledger-listener");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void listen() {
        boolean reconnect = false;
        long pause = 50;
        while (!closed) {
            try (Connection connection =
                    DriverManager.getConnection(opener.url(), opener.connectionProperties(APPLICATION_NAME))) {
                connection.setNetworkTimeout(Runnable::run, Math.toIntExact(checkTimeout.toMillis()));
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + Dialect.CHANNEL);
                }
                pause = 50;
                if (reconnect) {
                    onChange.run(); // announcements sent while we were away are lost
                }
                reconnect = true;
                PGConnection listening = connection.unwrap(PGConnection.class);
                long nextCheck = System.nanoTime() + checkEvery.toNanos();
                while (!closed) {
                    var notifications = listening.getNotifications(POLL_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        onChange.run();
                    }
                    if (System.nanoTime() - nextCheck >= 0) {
                        roundTrip(connection);
                        nextCheck = System.nanoTime() + checkEvery.toNanos();
                    }
                }
            } catch (SQLException e) {
                if (!closed) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "listening for changes of the job ledger " + opener.name() + " failed, connecting again: "
                                    + PostgresFailures.reason(e, opener.busyTimeout()));
                    reconnect = true;
                    pause = pauseFor(pause);
                }
            }
        }
    }

    /** Fails (after at most the network timeout) when the server no longer answers on this connection. */
    private static void roundTrip(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    private long pauseFor(long pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
        return Math.min(MAX_PAUSE_MILLIS, pause * 2);
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(POLL_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
