package io.img2img.adapter.ledger;

import java.sql.SQLException;

/**
 * A queued job's position is part of its status (SPEC §6 job events): when a job leaves its queue, or enters it
 * ahead of others, every job queued behind it moves up or down, so each gets a new version whose status event
 * tells the new position. A resuming client then learns exactly whether its job's status changed after the
 * version it holds.
 */
final class QueuePositions {
    private QueuePositions() {
    }

    /**
     * On PostgreSQL, one backend identity's queue changes one transaction at a time (taken before any queued row
     * is locked), so concurrent claimers never deadlock over the rows behind them.
     */
    static void lock(Sql sql, String identity) throws SQLException {
        if (sql.dialect().queueLock() != null) {
            sql.run(sql.dialect().queueLock(), identity);
        }
    }

    /** The jobs queued behind {@code queueOrder} in the identity's queue moved: each gets a new (status) version. */
    static void movedBehind(Sql sql, String identity, long queueOrder) throws SQLException {
        lock(sql, identity);
        sql.change("UPDATE jobs SET version = version + 1, status_version = version + 1, updated_at = ? "
                + "WHERE backend_identity = ? AND state = 'queued' AND queue_order > ?", sql.now(), identity, queueOrder);
    }

    /** The job {@code jobId} left the queue or entered it: those behind it moved. */
    static void movedBehind(Sql sql, String jobId) throws SQLException {
        java.util.Optional<Place> place = sql.one("SELECT backend_identity, queue_order FROM jobs WHERE job_id = ?",
                row -> new Place(row.getString(1), row.getLong(2)), jobId);
        if (place.isPresent()) {
            movedBehind(sql, place.get().identity(), place.get().queueOrder());
        }
    }

    private record Place(String identity, long queueOrder) {
    }
}
