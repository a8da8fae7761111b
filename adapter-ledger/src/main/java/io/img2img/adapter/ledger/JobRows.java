package io.img2img.adapter.ledger;

import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.domain.result.ProducedImage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reading and writing job rows: the columns, the state names stored, and a job with its images. */
final class JobRows {
    static final String COLUMNS = "seq, job_id, backend_identity, state, holder, lease_until, version, created_at, "
            + "updated_at, seed, price, cost_limit, request_json, backend_job_id, progress, error_code, error_message, "
            + "runs, idempotency_key, status_version, progress_version, notes_json";

    private JobRows() {}

    /** The state as stored: {@code queued}, {@code outcome_unknown}, … */
    static String code(JobState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    static String codes(Collection<JobState> states) {
        StringBuilder list = new StringBuilder();
        for (JobState state : states) {
            list.append(list.length() == 0 ? "" : ", ")
                    .append('\'')
                    .append(code(state))
                    .append('\'');
        }
        return list.toString();
    }

    static Optional<LedgerJob> find(Sql sql, String jobId) throws SQLException {
        Optional<LedgerJob> row = sql.one("SELECT " + COLUMNS + " FROM jobs WHERE job_id = ?", JobRows::read, jobId);
        return row.isEmpty() ? row : Optional.of(withImages(sql, row.get()));
    }

    static LedgerJob withImages(Sql sql, LedgerJob job) throws SQLException {
        List<ProducedImage> images = sql.list(
                "SELECT asset_id, remote_url, mime_type, width, height, path "
                        + "FROM job_images WHERE job_id = ? ORDER BY position",
                row -> new ProducedImage(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getInt(4),
                        row.getInt(5),
                        row.getString(6)),
                job.jobId());
        return images.isEmpty() ? job : job.withImages(images);
    }

    /**
     * Adds images not yet recorded for the job, after those already there; one asset is kept once. Called after
     * the job's row moved to its new version: each image records that version (job events resume by it).
     */
    static void addImages(Sql sql, String jobId, List<ProducedImage> images) throws SQLException {
        for (ProducedImage image : images) {
            sql.change(
                    "INSERT INTO job_images (job_id, position, asset_id, mime_type, width, height, path, remote_url, "
                            + "recorded_version) SELECT ?, COALESCE(MAX(position), -1) + 1, ?, ?, ?, ?, ?, ?, "
                            + "(SELECT version FROM jobs WHERE job_id = ?) FROM job_images WHERE job_id = ? "
                            + "ON CONFLICT (job_id, asset_id) DO NOTHING",
                    jobId,
                    image.assetId(),
                    image.mimeType(),
                    image.width(),
                    image.height(),
                    image.path(),
                    image.remoteUrl(),
                    jobId,
                    jobId);
        }
    }

    static LedgerJob read(ResultSet row) throws SQLException {
        return new LedgerJob(
                row.getString("job_id"),
                row.getString("backend_identity"),
                JobState.valueOf(row.getString("state").toUpperCase(Locale.ROOT)),
                row.getString("holder"),
                instant(row, "lease_until"),
                row.getLong("version"),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                row.getString("seed"),
                nullableDouble(row, "price"),
                nullableDouble(row, "cost_limit"),
                RequestText.read(row.getString("request_json")),
                row.getString("backend_job_id"),
                row.getDouble("progress"),
                List.of(),
                row.getString("error_code"),
                row.getString("error_message"),
                row.getInt("runs"),
                row.getString("idempotency_key"),
                versionOf(row, "status_version"),
                versionOf(row, "progress_version"),
                RequestText.readNotes(row.getString("notes_json")));
    }

    static List<LedgerJob> withImages(Sql sql, List<LedgerJob> jobs) throws SQLException {
        List<LedgerJob> complete = new ArrayList<>(jobs.size());
        for (LedgerJob job : jobs) {
            complete.add(withImages(sql, job));
        }
        return complete;
    }

    /** Rows written before the column existed (or by older code) read as changed at their current version. */
    private static long versionOf(ResultSet row, String column) throws SQLException {
        long version = row.getLong(column);
        return row.wasNull() ? row.getLong("version") : version;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static Double nullableDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }
}
