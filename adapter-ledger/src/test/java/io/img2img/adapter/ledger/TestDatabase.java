package io.img2img.adapter.ledger;

import io.img2img.adapter.ledger.testkit.PostgresTestServer;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * One test's own ledger database on one engine: a SQLite file in the test's temporary folder, or a PostgreSQL
 * database made for the test on the real server and dropped after it. Opens ledgers on it and plain connections
 * to it, as another process would have.
 */
abstract class TestDatabase implements AutoCloseable {
    /** The ledger's settings for this database (a 30 s lease, credentials where the engine needs them). */
    abstract LedgerSettings settings();

    abstract TestLedgers.Raw raw() throws SQLException;

    abstract Engine engine();

    /** The database as the ledger's messages name it. */
    abstract String name();

    /** The engine's folder name under {@code db/}: {@code sqlite} or {@code postgresql}. */
    String folderName() {
        return engine() == Engine.SQLITE ? "sqlite" : "postgresql";
    }

    SqlJobLedger open() {
        return new SqlJobLedger(settings());
    }

    SqlJobLedger open(CodeVersion codeVersion) {
        return new SqlJobLedger(settings(), codeVersion);
    }

    @Override
    public abstract void close() throws SQLException;

    /** The engines every ledger test runs on. */
    enum Engine {
        SQLITE,
        POSTGRESQL;

        TestDatabase create(Path folder) throws SQLException {
            return this == SQLITE ? new SqliteDatabase(folder.resolve("ledger.db")) : new PostgresDatabase();
        }
    }

    static final class SqliteDatabase extends TestDatabase {
        final Path file;

        SqliteDatabase(Path file) {
            this.file = file;
        }

        @Override
        LedgerSettings settings() {
            return LedgerSettings.of("jdbc:sqlite:" + file, 30);
        }

        @Override
        TestLedgers.Raw raw() throws SQLException {
            return TestLedgers.Raw.sqlite(file);
        }

        @Override
        String name() {
            return file.toString();
        }

        @Override
        Engine engine() {
            return Engine.SQLITE;
        }

        @Override
        public void close() {
            // the temporary folder goes with the test
        }
    }

    static final class PostgresDatabase extends TestDatabase {
        final PostgresTestServer.Settings server;
        final String name;

        PostgresDatabase() throws SQLException {
            server = PostgresTestServer.require();
            name = server.createDatabase();
        }

        String url() {
            return server.urlOf(name);
        }

        @Override
        LedgerSettings settings() {
            return LedgerSettings.of(url(), 30).withCredentials(server.user(), server.password());
        }

        @Override
        TestLedgers.Raw raw() throws SQLException {
            return new TestLedgers.Raw(server.connect(name));
        }

        @Override
        String name() {
            return DatabaseUrl.postgresName(url());
        }

        @Override
        Engine engine() {
            return Engine.POSTGRESQL;
        }

        @Override
        public void close() throws SQLException {
            server.dropDatabase(name);
        }
    }
}
