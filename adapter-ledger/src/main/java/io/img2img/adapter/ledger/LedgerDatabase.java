package io.img2img.adapter.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * The ledger's transactions on connections from its engine ({@link LedgerConnections}). A write that changed a
 * job grows the ledger-wide change counter and, where the engine announces changes (PostgreSQL's NOTIFY), tells
 * the other nodes at commit; on SQLite this process's own listeners are told after the commit. Every SQL failure
 * leaves as {@link io.img2img.application.port.out.LedgerUnavailableException}.
 */
final class LedgerDatabase implements AutoCloseable {
    /** PostgreSQL's serialization failure and deadlock: the transaction is tried again from its start. */
    private static final Set<String> TRY_AGAIN = Set.of("40001", "40P01");

    private static final int ATTEMPTS = 3;

    @FunctionalInterface
    interface Work<T> {
        T run(Sql sql) throws SQLException;
    }

    private final LedgerConnections connections;
    private final long leaseMillis;
    private final Runnable afterLocalChange;

    LedgerDatabase(LedgerConnections connections, long leaseMillis, Runnable afterLocalChange) {
        this.connections = connections;
        this.leaseMillis = leaseMillis;
        this.afterLocalChange = afterLocalChange;
    }

    Dialect dialect() {
        return connections.dialect();
    }

    LedgerConnections connections() {
        return connections;
    }

    /** One write transaction; when it changed a job the ledger-wide change counter grows with it. */
    <T> T write(Work<T> work) {
        return inTransaction(dialect().beginWrite(), work, true);
    }

    /** One read transaction: all its queries see one snapshot. */
    <T> T read(Work<T> work) {
        return inTransaction(dialect().beginRead(), work, false);
    }

    private <T> T inTransaction(String begin, Work<T> work, boolean write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(begin, work, write);
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || e.getSQLState() == null || !TRY_AGAIN.contains(e.getSQLState())) {
                    throw connections.failure(e);
                }
            }
        }
    }

    private <T> T once(String begin, Work<T> work, boolean write) throws SQLException {
        Connection open = connections.acquire();
        boolean inDoubt = false;
        try {
            execute(open, begin);
            try {
                Sql sql = new Sql(open, dialect(), leaseMillis);
                T result = work.run(sql);
                boolean changed = write && sql.changed();
                if (changed) {
                    WebhookRows.produce(sql); // the deliveries a job change makes commit with it (SPEC §6)
                    sql.update("UPDATE ledger_changes SET counter = counter + 1 WHERE id = 1");
                    if (dialect().announce() != null) {
                        sql.run(dialect().announce());
                    }
                }
                execute(open, "COMMIT");
                if (changed && dialect().announce() == null) {
                    afterLocalChange.run();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                inDoubt = !rolledBack(open);
                throw e;
            }
        } catch (SQLException e) {
            inDoubt |= !valid(open);
            throw e;
        } finally {
            connections.release(open, inDoubt);
        }
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private static boolean valid(Connection open) {
        try {
            return open.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Whether the connection is known to be out of the transaction (rolled back, or none was active). */
    private static boolean rolledBack(Connection open) {
        try {
            execute(open, "ROLLBACK");
            return true;
        } catch (SQLException e) {
            return String.valueOf(e.getMessage()).contains("no transaction is active");
        }
    }

    @Override
    public void close() {
        connections.close();
    }
}
