package io.img2img.adapter.ledger;

import io.img2img.application.port.out.LedgerUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the ledger's connections come from, one per transaction: SQLite's single connection to its file (one
 * transaction at a time per process) or PostgreSQL's pool (transactions side by side). The first acquire
 * migrates the schema; a failure to open is not remembered, the next acquire tries again.
 */
interface LedgerConnections extends AutoCloseable {
    /** The engine the URL names: {@code jdbc:postgresql:} or a SQLite file. */
    static LedgerConnections of(LedgerSettings settings, CodeVersion codeVersion) {
        if (DatabaseUrl.isPostgres(settings.url())) {
            return new PostgresOpener(settings, codeVersion);
        }
        return new SqliteOpener(
                DatabaseUrl.sqliteFile(settings.url(), System.getProperty("user.home")),
                settings.busyTimeout(),
                codeVersion);
    }

    Dialect dialect();

    /** The database as it may be shown: a file path, or a URL without credentials. */
    String name();

    Connection acquire() throws SQLException;

    /** Gives back what {@link #acquire()} gave; a connection in doubt is discarded, never reused. */
    void release(Connection connection, boolean inDoubt);

    /** A failure in words a user can act on, naming the database and never a password. */
    LedgerUnavailableException failure(Exception e);

    @Override
    void close();
}
