package io.img2img.adapter.storage.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ledger's connection, opened (and the schema migrated) on first use, then one transaction at a time
 * per process; other processes share the file through SQLite's own locking. A failure to open is not
 * remembered: the next use tries again. Every SQL failure leaves as {@link io.img2img.application.port.out.LedgerUnavailableException}.
 */
final class LedgerDatabase implements AutoCloseable {
    @FunctionalInterface
    interface Work<T> {
        T run(Sql sql) throws SQLException;
    }

    private final SqliteOpener opener;
    private final Dialect dialect;
    private final long leaseMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;

    LedgerDatabase(SqliteOpener opener, long leaseMillis) {
        this.opener = opener;
        this.dialect = Dialect.SQLITE;
        this.leaseMillis = leaseMillis;
    }

    /** One write transaction; when it changed a job the ledger-wide change counter grows with it. */
    <T> T write(Work<T> work) {
        return inTransaction(dialect.beginWrite(), work, true);
    }

    /** One read transaction: all its queries see one snapshot. */
    <T> T read(Work<T> work) {
        return inTransaction(dialect.beginRead(), work, false);
    }

    private <T> T inTransaction(String begin, Work<T> work, boolean write) {
        lock.lock();
        try {
            Connection open = connection();
            execute(open, begin);
            try {
                Sql sql = new Sql(open, dialect, leaseMillis);
                T result = work.run(sql);
                if (write && sql.changed()) {
                    sql.update("UPDATE ledger_changes SET counter = counter + 1 WHERE id = 1");
                }
                execute(open, "COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                rollBack(open);
                throw e;
            }
        } catch (SQLException e) {
            throw opener.failure(e);
        } finally {
            lock.unlock();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = opener.open();
        }
        return connection;
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private void rollBack(Connection open) {
        try {
            execute(open, "ROLLBACK");
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                closeQuietly(); // the connection is in doubt: the next use opens a fresh one
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a connection in doubt: nothing more to do
            }
            connection = null;
        }
    }
}
