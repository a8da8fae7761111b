package io.img2img.adapter.ledger;

import io.img2img.application.port.out.LedgerUnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Applies the ledger's migrations (the engine's own folder, the same versions on both engines) and then compares
 * the schema's oldest usable code version with ours: an older process refuses, naming the version it needs.
 * Who serialises concurrent first migrations differs: Flyway's advisory lock on PostgreSQL, a file lock on
 * SQLite (see {@link SqliteOpener}).
 */
final class SchemaSetup {
    private final String name;
    private final Dialect dialect;
    private final CodeVersion codeVersion;
    private final Function<Exception, LedgerUnavailableException> failure;

    SchemaSetup(
            String name,
            Dialect dialect,
            CodeVersion codeVersion,
            Function<Exception, LedgerUnavailableException> failure) {
        this.name = name;
        this.dialect = dialect;
        this.codeVersion = codeVersion;
        this.failure = failure;
    }

    void applyMigrations(DataSource dataSource) {
        try {
            Flyway.configure(SchemaSetup.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(dialect.migrations())
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw failure.apply(e);
        }
    }

    void refuseIfTooOld(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT min_code_version FROM ledger_schema WHERE id = 1")) {
            if (!row.next()) {
                throw new LedgerUnavailableException(name, "its schema has no version row", null);
            }
            CodeVersion needed = CodeVersion.of(row.getString(1));
            if (codeVersion.compareTo(needed) < 0) {
                throw new LedgerUnavailableException(
                        name, "its schema needs img2img " + needed + " or newer; this is img2img " + codeVersion, null);
            }
        }
    }
}
