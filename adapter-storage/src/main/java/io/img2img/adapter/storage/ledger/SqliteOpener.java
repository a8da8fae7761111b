package io.img2img.adapter.storage.ledger;

import io.img2img.application.port.out.LedgerUnavailableException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Opens the SQLite ledger file: its folder created {@code 0700} and the file {@code 0600} before SQLite
 * touches them, WAL, a busy timeout, foreign keys, full syncs (a committed {@code submitting} must survive a
 * power cut before the paid POST goes out), and the schema migrated before the first connection is used.
 */
final class SqliteOpener {
    private final DatabaseUrl.SqliteFile file;
    private final Duration busyTimeout;
    private final SchemaSetup schema;

    SqliteOpener(DatabaseUrl.SqliteFile file, Duration busyTimeout, CodeVersion codeVersion) {
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.schema = new SchemaSetup(this, codeVersion);
    }

    String name() {
        return file.path().toString();
    }

    SQLiteDataSource dataSource() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) busyTimeout.toMillis());
        config.enforceForeignKeys(true);
        // for transactions begun through JDBC (Flyway's); the ledger's own begin explicitly (see Dialect)
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(file.jdbcUrl());
        return dataSource;
    }

    Connection open() throws SQLException {
        try {
            PrivateFiles.prepare(file.path());
        } catch (IOException e) {
            throw new LedgerUnavailableException(name(), "its file cannot be created (" + PrivateFiles.describe(e) + ")", e);
        }
        schema.migrate();
        Connection connection = dataSource().getConnection();
        PrivateFiles.restrictCompanions(file.path());
        return connection;
    }

    LedgerUnavailableException failure(Exception e) {
        return new LedgerUnavailableException(name(), SqliteFailures.reason(e, busyTimeout), e);
    }
}
