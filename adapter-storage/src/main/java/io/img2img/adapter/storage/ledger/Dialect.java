package io.img2img.adapter.storage.ledger;

/**
 * What differs between database engines, kept in one place so PostgreSQL can join: the clock expression
 * (leases use the database's clock), how a write transaction begins, and where the engine's migrations live.
 * Everything else is SQL both engines speak ({@code INSERT … ON CONFLICT … DO NOTHING}, sub-selects, LIMIT).
 */
enum Dialect {
    /**
     * Writes begin {@code IMMEDIATE} with explicit statements: sqlite-jdbc's transaction mode begins the next
     * transaction as soon as one commits, which would hold the write lock between our transactions and stall
     * every other process sharing the file.
     */
    SQLITE("SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)",
            "BEGIN IMMEDIATE", "BEGIN", "classpath:db/migration/sqlite");

    private final String nowMillisQuery;
    private final String beginWrite;
    private final String beginRead;
    private final String migrations;

    Dialect(String nowMillisQuery, String beginWrite, String beginRead, String migrations) {
        this.nowMillisQuery = nowMillisQuery;
        this.beginWrite = beginWrite;
        this.beginRead = beginRead;
        this.migrations = migrations;
    }

    /** A query of one row and column: the database's time in milliseconds since the epoch. */
    String nowMillisQuery() {
        return nowMillisQuery;
    }

    String beginWrite() {
        return beginWrite;
    }

    /** A read transaction, so the several queries of one read see one snapshot. */
    String beginRead() {
        return beginRead;
    }

    String migrations() {
        return migrations;
    }
}
