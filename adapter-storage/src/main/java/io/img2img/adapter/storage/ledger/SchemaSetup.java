package io.img2img.adapter.storage.ledger;

import io.img2img.application.port.out.LedgerUnavailableException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Applies the ledger's migrations, whichever process gets there first. Flyway takes no lock on SQLite, so
 * migrations are serialised here: within this JVM by a monitor, between processes by an OS lock on a file next
 * to the database ({@code …db.migration-lock}; never SQLite's own file, whose locks closing a channel would
 * drop). Then the schema's oldest usable code version is compared with ours: an older process refuses.
 */
final class SchemaSetup {
    private static final Object JVM_WIDE = new Object();

    private final SqliteOpener opener;
    private final CodeVersion codeVersion;

    SchemaSetup(SqliteOpener opener, CodeVersion codeVersion) {
        this.opener = opener;
        this.codeVersion = codeVersion;
    }

    void migrate() throws SQLException {
        Path database = Path.of(opener.name());
        Path lockFile = database.resolveSibling(database.getFileName() + ".migration-lock");
        synchronized (JVM_WIDE) {
            try {
                PrivateFiles.createFile(lockFile);
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                    channel.lock(); // released when the channel closes
                    flyway().migrate();
                }
            } catch (IOException e) {
                throw new LedgerUnavailableException(opener.name(), "its migration lock " + lockFile
                        + " cannot be taken (" + PrivateFiles.describe(e) + ")", e);
            } catch (FlywayException e) {
                throw opener.failure(e);
            }
        }
        refuseIfTooOld();
    }

    private Flyway flyway() {
        return Flyway.configure(SchemaSetup.class.getClassLoader())
                .dataSource(opener.dataSource())
                .locations(Dialect.SQLITE.migrations())
                .loggers("slf4j")
                .load();
    }

    private void refuseIfTooOld() throws SQLException {
        try (Connection connection = opener.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT min_code_version FROM ledger_schema WHERE id = 1")) {
            if (!row.next()) {
                throw new LedgerUnavailableException(opener.name(), "its schema has no version row", null);
            }
            CodeVersion needed = CodeVersion.of(row.getString(1));
            if (codeVersion.compareTo(needed) < 0) {
                throw new LedgerUnavailableException(opener.name(), "its schema needs img2img " + needed
                        + " or newer; this is img2img " + codeVersion, null);
            }
        }
    }
}
