package io.img2img.adapter.ledger;

import io.img2img.application.files.PrivateFiles;
import io.img2img.application.port.out.LedgerUnavailableException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite ledger file: its folder created {@code 0700} and the file {@code 0600} before SQLite touches them,
 * WAL, a busy timeout, foreign keys, full syncs (a committed {@code submitting} must survive a power cut before
 * the paid POST goes out), and the schema migrated before the first connection is used. One connection, one
 * transaction at a time per process; other processes share the file through SQLite's own locking.
 * First migrations are serialised by {@link MigrationLock}.
 */
final class SqliteOpener implements LedgerConnections {
    private final DatabaseUrl.SqliteFile file;
    private final Duration busyTimeout;
    private final SchemaSetup schema;
    private volatile boolean migrated;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;

    SqliteOpener(DatabaseUrl.SqliteFile file, Duration busyTimeout, CodeVersion codeVersion) {
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.schema = new SchemaSetup(name(), Dialect.SQLITE, codeVersion, this::failure);
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    public String name() {
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

    /** This process's one connection, held (with the lock) until {@link #release}. */
    @Override
    public Connection acquire() throws SQLException {
        lock.lock();
        try {
            if (connection == null) {
                connection = open();
            }
            return connection;
        } catch (SQLException | RuntimeException | Error e) {
            lock.unlock(); // whatever failed, the next caller must not wait for this one forever
            throw e;
        }
    }

    @Override
    public void release(Connection given, boolean inDoubt) {
        try {
            if (inDoubt) {
                closeQuietly(); // the next use opens a fresh one
            }
        } finally {
            lock.unlock();
        }
    }

    private Connection open() throws SQLException {
        try {
            PrivateFiles.prepare(file.path());
        } catch (IOException e) {
            throw new LedgerUnavailableException(
                    name(), "its file cannot be created (" + PrivateFiles.describe(e) + ")", e);
        }
        LocalDisk.require(file.path(), name());
        if (!migrated) { // once per process: a reopened connection (after a failure) meets the same schema
            SqliteDriver.requireLoaded(name());
            MigrationLock.around(file.path(), name(), () -> schema.applyMigrations(dataSource()));
            schema.refuseIfTooOld(dataSource());
            migrated = true;
        }
        Connection opened = dataSource().getConnection();
        PrivateFiles.restrictCompanions(file.path());
        return opened;
    }

    @Override
    public LedgerUnavailableException failure(Exception e) {
        return new LedgerUnavailableException(name(), SqliteFailures.reason(e, busyTimeout), e);
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
