package io.img2img.adapter.ledger;

import java.sql.SQLException;

/**
 * A queued job's position is computed when read ({@link LedgerReads#queuePosition}), never written (F12): a claim,
 * cancel or requeue changes one row, not every row behind it. What the jobs behind learn of it is the ledger's
 * change counter moving: waiters and event streams read the position again then (SPEC §6: positions may be merged).
 */
final class QueuePositions {
    private QueuePositions() {}

    /**
     * On PostgreSQL, one backend identity's queue changes one transaction at a time (taken before any queued row
     * is locked), so concurrent claimers and cancels of one queue are ordered.
     */
    static void lock(Sql sql, String identity) throws SQLException {
        if (sql.dialect().queueLock() != null) {
            sql.run(sql.dialect().queueLock(), identity);
        }
    }
}
