package io.img2img.adapter.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One transaction's statements, with positional arguments and the database's time read once per transaction. */
final class Sql {
    private final Connection connection;
    private final Dialect dialect;
    private final long leaseMillis;
    private Long now;
    private boolean changed;

    Sql(Connection connection, Dialect dialect, long leaseMillis) {
        this.connection = connection;
        this.dialect = dialect;
        this.leaseMillis = leaseMillis;
    }

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** The database's clock in milliseconds, the same for every statement of this transaction. */
    long now() throws SQLException {
        if (now == null) {
            now = one(dialect.nowMillisQuery(), row -> row.getLong(1)).orElseThrow();
        }
        return now;
    }

    /** When a lease taken or renewed now ends. */
    long leaseEnd() throws SQLException {
        return now() + leaseMillis;
    }

    Dialect dialect() {
        return dialect;
    }

    /** A statement whose result, if any, is not needed (a lock taken, an announcement). */
    void run(String sql, Object... arguments) throws SQLException {
        try (PreparedStatement statement = prepare(sql, arguments)) {
            statement.execute();
        }
    }

    int update(String sql, Object... arguments) throws SQLException {
        try (PreparedStatement statement = prepare(sql, arguments)) {
            return statement.executeUpdate();
        }
    }

    /** An update that changes jobs: the transaction then bumps the ledger-wide change counter once. */
    int change(String sql, Object... arguments) throws SQLException {
        int rows = update(sql, arguments);
        changed |= rows > 0;
        return rows;
    }

    boolean changed() {
        return changed;
    }

    <T> List<T> list(String sql, Row<T> row, Object... arguments) throws SQLException {
        try (PreparedStatement statement = prepare(sql, arguments);
                ResultSet results = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (results.next()) {
                rows.add(row.read(results));
            }
            return rows;
        }
    }

    <T> Optional<T> one(String sql, Row<T> row, Object... arguments) throws SQLException {
        try (PreparedStatement statement = prepare(sql, arguments);
                ResultSet results = statement.executeQuery()) {
            return results.next() ? Optional.ofNullable(row.read(results)) : Optional.empty();
        }
    }

    long number(String sql, Object... arguments) throws SQLException {
        return one(sql, row -> row.getLong(1), arguments).orElse(0L);
    }

    private PreparedStatement prepare(String sql, Object... arguments) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < arguments.length; i++) {
                statement.setObject(i + 1, arguments[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
