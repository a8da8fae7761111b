package io.img2img.adapter.ledger;

/**
 * What differs between database engines, kept in one place: the clock expression (leases use the database's
 * clock), how transactions begin, how claims skip rows another transaction is taking, where queue order comes
 * from, how a change is announced to other nodes, and where the engine's migrations live. Everything else is
 * SQL both engines speak ({@code INSERT … ON CONFLICT … DO NOTHING}, sub-selects, LIMIT).
 *
 * <p>Migrations are one folder per engine because their SQL differs (V1–V3: INTEGER/BIGINT, REAL/DOUBLE PRECISION,
 * BLOB/BYTEA, AUTOINCREMENT/IDENTITY, PostgreSQL's queue-order sequence and stored images). The reason is written
 * here, not in the files: an applied migration's text is fixed by Flyway's checksum. {@code SchemaParityTest} keeps
 * the two folders' versions in step.
 */
enum Dialect {
    /**
     * Writes begin {@code IMMEDIATE} with explicit statements: sqlite-jdbc's transaction mode begins the next
     * transaction as soon as one commits, which would hold the write lock between our transactions and stall
     * every other process sharing the file. SQLite has one writer at a time, so claims need no row locks and
     * other processes learn of changes by polling the change counter.
     */
    SQLITE(
            "SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)",
            "BEGIN IMMEDIATE",
            "BEGIN",
            "",
            "(SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs)",
            null,
            null,
            "classpath:db/migration/sqlite"),
    /**
     * Writers run side by side (READ COMMITTED): a claim locks the row it takes and skips rows other claimers
     * hold, so concurrent claimers never collide and never wait; the queue limit of a backend identity is
     * counted under a transaction-scoped advisory lock; a change is announced with NOTIFY, delivered at commit.
     * Reads see one snapshot (REPEATABLE READ).
     */
    POSTGRESQL(
            "SELECT CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)",
            "BEGIN",
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            " FOR UPDATE SKIP LOCKED",
            "nextval('job_queue_order')",
            "SELECT pg_advisory_xact_lock(1229, hashtext(?))",
            "NOTIFY " + Dialect.CHANNEL,
            "classpath:db/migration/postgresql");

    /** PostgreSQL's channel for change announcements. */
    static final String CHANNEL = "img2img_ledger_changes";

    private final String nowMillisQuery;
    private final String beginWrite;
    private final String beginRead;
    private final String claimLock;
    private final String nextQueueOrder;
    private final String queueLock;
    private final String announce;
    /**
     * One migration folder per engine, kept whole although some statements (the indexes) read the same in both:
     * the tables' SQL differs (BIGINT/BYTEA/DOUBLE PRECISION and a sequence on PostgreSQL, AUTOINCREMENT on SQLite;
     * see the PostgreSQL V1's header), Flyway runs one folder per engine, and an applied migration never changes.
     * SchemaParityTest keeps the two schemas the same.
     */
    private final String migrations;

    Dialect(
            String nowMillisQuery,
            String beginWrite,
            String beginRead,
            String claimLock,
            String nextQueueOrder,
            String queueLock,
            String announce,
            String migrations) {
        this.nowMillisQuery = nowMillisQuery;
        this.beginWrite = beginWrite;
        this.beginRead = beginRead;
        this.claimLock = claimLock;
        this.nextQueueOrder = nextQueueOrder;
        this.queueLock = queueLock;
        this.announce = announce;
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

    /** Appended to the select that picks a job to claim: lock it, skip what others are claiming. */
    String claimLock() {
        return claimLock;
    }

    /** Appended to a select of one job whose state decides the write that follows: lock it until commit. */
    String rowLock() {
        return this == POSTGRESQL ? " FOR UPDATE" : "";
    }

    /** An expression for a new job's place in its queue, growing with every job. */
    String nextQueueOrder() {
        return nextQueueOrder;
    }

    /** A statement taking a lock on one backend identity's queue until commit (one argument), or null. */
    String queueLock() {
        return queueLock;
    }

    /** A statement announcing a change to other nodes at commit, or null where they poll instead. */
    String announce() {
        return announce;
    }

    /** Whether produced images are kept in the database (so any node serves them). */
    boolean keepsImages() {
        return this == POSTGRESQL;
    }

    String migrations() {
        return migrations;
    }
}
