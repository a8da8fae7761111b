package io.img2img.bootstrap;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test's own look into a ledger file that processes under test share: reads of a job's row (state, runs,
 * holder, lease) that no API shows, and the one edit the tests make (ageing a finished job for pruning).
 * Column names are those of the first schema (V1__job_ledger.sql).
 */
final class LedgerFile {
    private final String url;

    LedgerFile(Path file) {
        this.url = "jdbc:sqlite:" + file;
    }

    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try (var s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
        }
        return c;
    }

    /** The job's row as column → value, or an empty map when the ledger has no such job. */
    Map<String, Object> job(String jobId) throws SQLException {
        try (Connection c = connect();
                PreparedStatement q = c.prepareStatement(
                        "SELECT state, runs, holder, lease_until, version, progress, error_code, backend_job_id, "
                                + "(SELECT COUNT(*) FROM job_images i WHERE i.job_id = j.job_id) AS images "
                                + "FROM jobs j WHERE job_id = ?")) {
            q.setString(1, jobId);
            try (ResultSet r = q.executeQuery()) {
                Map<String, Object> row = new LinkedHashMap<>();
                if (r.next()) {
                    for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                        row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
                    }
                }
                return row;
            }
        }
    }

    /** Every job's id, state, runs and holder, oldest first. */
    List<Map<String, Object>> jobs() throws SQLException {
        try (Connection c = connect();
                PreparedStatement q = c.prepareStatement("SELECT job_id, state, runs, holder FROM jobs ORDER BY seq");
                ResultSet r = q.executeQuery()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    String state(String jobId) throws SQLException {
        return String.valueOf(job(jobId).get("state"));
    }

    /** Moves the job's last change back in time, as if it had finished that long ago. */
    void age(String jobId, Duration by) throws SQLException {
        try (Connection c = connect();
                PreparedStatement u = c.prepareStatement(
                        "UPDATE jobs SET updated_at = updated_at - ?, created_at = created_at - ? WHERE job_id = ?")) {
            u.setLong(1, by.toMillis());
            u.setLong(2, by.toMillis());
            u.setString(3, jobId);
            if (u.executeUpdate() != 1) {
                throw new AssertionError("no job " + jobId + " to age");
            }
        }
    }
}
