package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each engine has migrations of its own, because their SQL differs in types (see {@link Dialect}); this keeps the
 * two in step: the same versions, and after them the same tables with the same columns, but for what only
 * PostgreSQL keeps.
 */
class SchemaParityTest extends OnPostgres {
    /** Flyway's history: bookkeeping, not the ledger's (as are SQLite's own {@code sqlite_*} tables). */
    private static final String FLYWAY = "flyway_schema_history";
    /** PostgreSQL keeps produced images in the database, so any node serves any asset; SQLite keeps files. */
    private static final String POSTGRESQL_ONLY = "stored_images";

    @TempDir
    Path folder;

    @Test
    void bothEnginesHaveTheSameMigrationVersions() throws Exception {
        assertThat(migrations("postgresql")).isNotEmpty().isEqualTo(migrations("sqlite"));
    }

    @Test
    void bothEnginesMigratedHaveTheSameTablesAndColumns() throws Exception {
        Map<String, Set<String>> onSqlite;
        try (TestDatabase sqlite = TestDatabase.Engine.SQLITE.create(folder)) {
            onSqlite = migratedColumns(sqlite);
        }
        Map<String, Set<String>> onPostgres = migratedColumns(db);
        assertThat(onPostgres.remove(POSTGRESQL_ONLY))
                .as("PostgreSQL's image store")
                .isNotEmpty();
        assertThat(onSqlite).containsKeys("jobs", "job_images", "ledger_schema").isEqualTo(onPostgres);
    }

    private static Set<String> migrations(String engine) throws Exception {
        try (Stream<Path> files = Files.list(folder(engine))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Path folder(String engine) throws URISyntaxException {
        return Path.of(
                SchemaParityTest.class.getResource("/db/migration/" + engine).toURI());
    }

    /** Opens the ledger (which migrates it), then lists each table's columns, in lower case. */
    private static Map<String, Set<String>> migratedColumns(TestDatabase database) throws SQLException {
        try (SqlJobLedger ledger = database.open()) {
            ledger.changeCount();
        }
        Map<String, Set<String>> columns = new TreeMap<>();
        try (TestLedgers.Raw raw = database.raw()) {
            DatabaseMetaData meta = raw.connection.getMetaData();
            String schema = database.engine() == TestDatabase.Engine.POSTGRESQL ? "public" : null;
            try (ResultSet rows = meta.getColumns(null, schema, "%", "%")) {
                while (rows.next()) {
                    String table = rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!table.equals(FLYWAY) && !table.startsWith("sqlite_")) {
                        columns.computeIfAbsent(table, t -> new TreeSet<>())
                                .add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return columns;
    }
}
