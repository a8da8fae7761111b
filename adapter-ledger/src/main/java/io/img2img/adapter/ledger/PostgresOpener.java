package io.img2img.adapter.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.img2img.application.port.out.LedgerUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The PostgreSQL ledger shared by many nodes: a HikariCP pool, made on first use (so a node starts while the
 * database is down and each use tries again), its durability checked and the schema migrated before the first
 * connection is handed out; every connection bounded by {@link PostgresSession}.
 * Flyway's own PostgreSQL lock makes concurrent first migrations by several nodes safe. The password goes
 * to the driver only: never into a name, a message or a log line.
 */
final class PostgresOpener implements LedgerConnections {
    static final int POOL_SIZE = 10;

    private final LedgerSettings settings;
    private final String name;
    private final SchemaSetup schema;
    private volatile HikariDataSource pool;
    private volatile boolean migrated;

    PostgresOpener(LedgerSettings settings, CodeVersion codeVersion) {
        this.settings = settings;
        this.name = DatabaseUrl.postgresName(settings.url());
        this.schema = new SchemaSetup(name, Dialect.POSTGRESQL, codeVersion, this::failure);
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public String name() {
        return name;
    }

    /** The driver's connection properties, for connections outside the pool too (the change listener's). */
    Properties connectionProperties(String applicationName) {
        Properties properties = new Properties();
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("ApplicationName", applicationName);
        PostgresSession.bound(properties, settings.busyTimeout());
        return properties;
    }

    String url() {
        return settings.url();
    }

    Duration busyTimeout() {
        return settings.busyTimeout();
    }

    HikariDataSource pool() {
        HikariDataSource made = pool;
        return made != null ? made : makePool();
    }

    private synchronized HikariDataSource makePool() {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("img2img-ledger");
            config.setJdbcUrl(settings.url());
            config.setDataSourceProperties(connectionProperties("img2img"));
            config.setMaximumPoolSize(POOL_SIZE);
            config.setMinimumIdle(1);
            config.setConnectionTimeout(Math.max(250, settings.busyTimeout().toMillis()));
            config.setInitializationFailTimeout(-1); // the pool is made even while the database is down
            config.setKeepaliveTime(PostgresSession.KEEPALIVE.toMillis());
            pool = new HikariDataSource(config);
        }
        return pool;
    }

    @Override
    public Connection acquire() throws SQLException {
        if (!migrated) {
            migrate();
        }
        return pool().getConnection();
    }

    private synchronized void migrate() throws SQLException {
        if (!migrated) {
            try (Connection connection = pool().getConnection()) { // before anything is written
                PostgresSession.refuseAsyncCommit(connection, name, settings.asyncCommitAllowed());
            }
            schema.applyMigrations(pool());
            schema.refuseIfTooOld(pool());
            migrated = true;
        }
    }

    @Override
    public void release(Connection connection, boolean inDoubt) {
        if (inDoubt) {
            pool().evictConnection(connection);
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // back to the pool failed: the pool drops it
        }
    }

    @Override
    public LedgerUnavailableException failure(Exception e) {
        return new LedgerUnavailableException(name, PostgresFailures.reason(e, settings.busyTimeout()), e);
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
