package io.img2img.adapter.ledger;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;

/** PostgreSQL's failures in words a user can act on (the database is named by the caller; never a password). */
final class PostgresFailures {
    private PostgresFailures() {}

    static String reason(Throwable failure, Duration busyTimeout) {
        if (find(failure, ConnectException.class) != null) {
            return "the database server refused the connection (is it running, and is the host and port right?)";
        }
        if (find(failure, UnknownHostException.class) != null) {
            return "the database server's host name is unknown";
        }
        String state = sqlState(failure);
        if (state != null && state.startsWith("08")) {
            return "the database server cannot be reached (" + firstLine(failure) + ")";
        }
        if ("28P01".equals(state) || "28000".equals(state)) {
            return "the database refused the user or password (IMG2IMG_DATABASE_USER, IMG2IMG_DATABASE_PASSWORD)";
        }
        if ("3D000".equals(state)) {
            return "the database does not exist";
        }
        if ("53100".equals(state)) {
            return "the database server's disk is full";
        }
        if (state != null && state.startsWith("57P")) {
            return "the database server is shutting down or restarting";
        }
        if (failure instanceof java.sql.SQLTransientConnectionException) {
            return "no connection to the database within the busy timeout of " + busyTimeout.toMillis() + " ms";
        }
        return (state == null ? "" : "PostgreSQL error " + state + ": ") + firstLine(failure);
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** The innermost cause's first line: the driver's own words, which never hold the password. */
    private static String firstLine(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        return String.valueOf(innermost.getMessage()).lines().findFirst().orElse("unknown failure");
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
