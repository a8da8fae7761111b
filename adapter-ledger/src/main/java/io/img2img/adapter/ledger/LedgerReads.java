package io.img2img.adapter.ledger;

import io.img2img.application.port.out.JobPage;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.QueueDepth;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What readers ask of the ledger: a job, the list page by page, the queue, versions. */
final class LedgerReads {
    static final int MAX_PAGE = 100;
    private static final String CURSOR_PREFIX = "jobs-before:";

    private LedgerReads() {}

    static boolean wasPruned(Sql sql, String jobId) throws SQLException {
        return sql.number("SELECT COUNT(*) FROM job_tombstones WHERE job_id = ?", jobId) > 0;
    }

    static JobPage list(Sql sql, int limit, String before) throws SQLException {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        long below = before == null ? Long.MAX_VALUE : decode(before);
        List<LedgerJob> rows = sql.list(
                "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE seq < ? ORDER BY seq DESC LIMIT ?",
                JobRows::read,
                below,
                limit + 1);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = encode(sql.number(
                    "SELECT seq FROM jobs WHERE job_id = ?", rows.get(limit - 1).jobId()));
        }
        return new JobPage(JobRows.withImages(sql, rows), next);
    }

    static int queuedCount(Sql sql, String identity) throws SQLException {
        return (int) sql.number("SELECT COUNT(*) FROM jobs WHERE backend_identity = ? AND state = 'queued'", identity);
    }

    /** Per backend identity with queued jobs: how many, and the age of the oldest by the database's clock. */
    static List<QueueDepth> queueDepths(Sql sql) throws SQLException {
        long now = sql.now();
        return sql.list(
                "SELECT backend_identity, COUNT(*), MIN(created_at) FROM jobs WHERE state = 'queued' "
                        + "GROUP BY backend_identity ORDER BY backend_identity",
                row -> new QueueDepth(
                        row.getString(1), row.getInt(2), Duration.ofMillis(Math.max(0, now - row.getLong(3)))));
    }

    static OptionalInt queuePosition(Sql sql, String jobId) throws SQLException {
        return sql.one(
                        "SELECT (SELECT COUNT(*) FROM jobs ahead WHERE ahead.backend_identity = job.backend_identity "
                                + "AND ahead.state = 'queued' AND ahead.queue_order <= job.queue_order) "
                                + "FROM jobs job WHERE job.job_id = ? AND job.state = 'queued'",
                        row -> row.getInt(1),
                        jobId)
                .map(OptionalInt::of)
                .orElse(OptionalInt.empty());
    }

    static OptionalLong version(Sql sql, String jobId) throws SQLException {
        return sql.one("SELECT version FROM jobs WHERE job_id = ?", row -> row.getLong(1), jobId)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    /** Rows from before the column existed (NULL) count as recorded at version 0: held at every version. */
    static int imageCountAt(Sql sql, String jobId, long version) throws SQLException {
        return sql.one(
                        "SELECT COUNT(*) FROM job_images WHERE job_id = ? AND COALESCE(recorded_version, 0) <= ?",
                        row -> row.getInt(1),
                        jobId,
                        version)
                .orElse(0);
    }

    static long changeCount(Sql sql) throws SQLException {
        return sql.number("SELECT counter FROM ledger_changes WHERE id = 1");
    }

    private static String encode(long seq) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((CURSOR_PREFIX + seq).getBytes(StandardCharsets.UTF_8));
    }

    private static long decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR_PREFIX)) {
                return Long.parseLong(text.substring(CURSOR_PREFIX.length()));
            }
        } catch (IllegalArgumentException malformed) {
            // answered below, without echoing the cursor's decoded bytes
        }
        throw new IllegalArgumentException("before must be a cursor given by an earlier page of the job list");
    }
}
