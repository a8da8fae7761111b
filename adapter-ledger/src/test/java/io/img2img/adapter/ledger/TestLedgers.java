package io.img2img.adapter.ledger;

import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.NewJob;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/** Ledgers on files of their own, new jobs with sensible defaults, and a raw connection to move time on rows. */
final class TestLedgers {
    static final String LOCAL = "local";
    static final String SCENARIO = "scenario https://api.example.test/v1 key:5f2b";
    static final int QUEUE_LIMIT = 64;
    static final java.util.Map<String, Object> REQUEST =
            java.util.Map.of("modelId", "flux.1-dev", "prompt", "a lighthouse");

    private TestLedgers() {}

    static SqlJobLedger open(Path folder) {
        return openFile(folder.resolve("ledger.db"));
    }

    static SqlJobLedger openFile(Path file) {
        return new SqlJobLedger(LedgerSettings.of("jdbc:sqlite:" + file, 30));
    }

    static NewJob queued(String identity) {
        return new NewJob(
                id(),
                identity,
                JobState.QUEUED,
                null,
                "42",
                5.0,
                10.0,
                REQUEST,
                new byte[] {1, 2, 3},
                null,
                null,
                QUEUE_LIMIT);
    }

    static NewJob claimed(String identity, String holder) {
        return new NewJob(id(), identity, JobState.CLAIMED, holder, "42", 5.0, null, REQUEST, null, null, null, 0);
    }

    static NewJob keyed(String key, String fingerprint, String holder) {
        return new NewJob(id(), SCENARIO, JobState.CLAIMED, holder, "7", 5.0, null, REQUEST, null, key, fingerprint, 0);
    }

    static String id() {
        return "job-" + UUID.randomUUID();
    }

    /** Plain SQL on the ledger's database, from outside the adapter: as another process would see it. */
    static final class Raw implements AutoCloseable {
        final Connection connection;

        Raw(Connection connection) {
            this.connection = connection;
        }

        Raw(Path file) throws SQLException {
            this(sqliteConnection(file));
        }

        static Raw sqlite(Path file) throws SQLException {
            return new Raw(file);
        }

        private static Connection sqliteConnection(Path file) throws SQLException {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(5000);
            return config.createConnection("jdbc:sqlite:" + file);
        }

        int update(String sql, Object... arguments) throws SQLException {
            try (PreparedStatement statement = prepare(sql, arguments)) {
                return statement.executeUpdate();
            }
        }

        long number(String sql, Object... arguments) throws SQLException {
            try (PreparedStatement statement = prepare(sql, arguments);
                    ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : -1;
            }
        }

        String text(String sql, Object... arguments) throws SQLException {
            try (PreparedStatement statement = prepare(sql, arguments);
                    ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }

        /** As if the job's lease had run out: the database's clock has passed it. */
        void expireLease(String jobId) throws SQLException {
            update(
                    "UPDATE jobs SET lease_until = lease_until - ? WHERE job_id = ?",
                    Duration.ofHours(1).toMillis(),
                    jobId);
        }

        /** As if the database had lost the commits after {@code row}: state, holder, version and ids are back. */
        void restore(io.img2img.application.port.out.LedgerJob row) throws SQLException {
            update(
                    "UPDATE jobs SET state = ?, holder = ?, version = ?, status_version = ?, backend_job_id = ? "
                            + "WHERE job_id = ?",
                    JobRows.code(row.state()),
                    row.holder(),
                    row.version(),
                    row.statusVersion(),
                    row.backendJobId(),
                    row.jobId());
        }

        /** As if the job had last changed {@code age} ago. */
        void age(String jobId, Duration age) throws SQLException {
            update(
                    "UPDATE jobs SET updated_at = updated_at - ?, created_at = created_at - ? WHERE job_id = ?",
                    age.toMillis(),
                    age.toMillis(),
                    jobId);
        }

        private PreparedStatement prepare(String sql, Object... arguments) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < arguments.length; i++) {
                statement.setObject(i + 1, arguments[i]);
            }
            return statement;
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
