package io.img2img.adapter.ledger;

import io.img2img.application.port.out.LedgerUnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * What every PostgreSQL connection of the ledger promises, and the server's durability checked before the
 * ledger is trusted. A node cut off inside a transaction (which may hold the identity's advisory lock) must not
 * block the other nodes until the server's TCP keepalive notices hours later: the server ends a session idle
 * in a transaction, a statement and a lock wait are bounded, and the driver gives up on a silent socket. Our
 * statements are short (the largest writes a reference image of at most tens of MiB), so the bounds are wide.
 */
final class PostgresSession {
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(15);
    static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(30);
    /** Above the longest statement, so the server's own timeout speaks first. */
    static final Duration SOCKET_TIMEOUT = STATEMENT_TIMEOUT.plusSeconds(15);
    /** Hikari's keepalive round trip on idle pooled connections (its minimum is 30 s). */
    static final Duration KEEPALIVE = Duration.ofSeconds(30);

    static final String ALLOW_ASYNC_COMMIT = "IMG2IMG_ALLOW_ASYNC_COMMIT";

    private PostgresSession() {}

    /** The driver's properties that bound a connection: timeouts on the server session and on the socket. */
    static void bound(Properties properties, Duration connectTimeout) {
        properties.setProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeout.toSeconds())));
        properties.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty(
                "options",
                "-c statement_timeout=" + STATEMENT_TIMEOUT.toMillis()
                        + " -c lock_timeout=" + LOCK_TIMEOUT.toMillis()
                        + " -c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION_TIMEOUT.toMillis());
    }

    /**
     * Refuses a server whose {@code synchronous_commit} is {@code off} or {@code local} (unless allowed): a commit
     * it acknowledged can be lost in a crash or a failover, and a lost {@code submitting} commit sends a job's
     * generation POST a second time (billed twice).
     */
    static void refuseAsyncCommit(Connection connection, String name, boolean allowed) throws SQLException {
        String value;
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW synchronous_commit")) {
            row.next();
            value = row.getString(1).toLowerCase(Locale.ROOT);
        }
        if (!allowed && (value.equals("off") || value.equals("local"))) {
            throw new LedgerUnavailableException(
                    name,
                    "its synchronous_commit is " + value + ": a commit the server "
                            + "acknowledged can be lost in a crash or a failover, and a lost write-ahead sends a generation "
                            + "twice (billed twice). Set synchronous_commit to on (or remote_write/remote_apply with a "
                            + "synchronous standby) for img2img's database or role, or set " + ALLOW_ASYNC_COMMIT
                            + "=true to accept the risk",
                    null);
        }
    }
}
