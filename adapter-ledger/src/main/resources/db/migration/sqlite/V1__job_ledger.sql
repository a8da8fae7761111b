-- The job ledger's first schema (SPEC §10). Times are milliseconds since the epoch by the database's clock.
-- Migrations are additive: a later one adds tables or nullable columns and, only when older code could no
-- longer use the schema safely, raises ledger_schema.min_code_version.

CREATE TABLE ledger_schema (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    min_code_version TEXT    NOT NULL
);
INSERT INTO ledger_schema (id, min_code_version) VALUES (1, '0.1.0');

-- Grows with every change to any job: other processes poll it to learn that something changed.
CREATE TABLE ledger_changes (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    counter INTEGER NOT NULL
);
INSERT INTO ledger_changes (id, counter) VALUES (1, 0);

CREATE TABLE jobs (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT, -- creation order: the job list's cursor
    job_id           TEXT    NOT NULL UNIQUE,
    backend_identity TEXT    NOT NULL,
    state            TEXT    NOT NULL,
    holder           TEXT,
    lease_until      INTEGER,
    version          INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    queue_order      INTEGER NOT NULL,                  -- lower is claimed first; a rerun goes below the head
    runs             INTEGER NOT NULL DEFAULT 0,
    seed             TEXT,
    price            REAL,
    cost_limit       REAL,
    request_json     TEXT    NOT NULL,
    reference_image  BLOB,                              -- a queued job's input, dropped when the job ends
    backend_job_id   TEXT,
    progress         REAL    NOT NULL DEFAULT 0,
    error_code       TEXT,
    error_message    TEXT,
    idempotency_key  TEXT
);
CREATE INDEX jobs_by_queue ON jobs (backend_identity, state, queue_order);
CREATE INDEX jobs_by_lease ON jobs (state, lease_until);
CREATE INDEX jobs_by_holder ON jobs (holder);
CREATE INDEX jobs_by_update ON jobs (updated_at);

CREATE TABLE job_images (
    job_id     TEXT    NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    asset_id   TEXT    NOT NULL,
    mime_type  TEXT    NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    path       TEXT,
    remote_url TEXT,
    PRIMARY KEY (job_id, asset_id)
);

CREATE TABLE idempotency_keys (
    idem_key    TEXT    PRIMARY KEY,
    fingerprint TEXT    NOT NULL,
    job_id      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- A pruned job's id, so it answers 410 job-expired rather than 404.
CREATE TABLE job_tombstones (
    job_id    TEXT    PRIMARY KEY,
    pruned_at INTEGER NOT NULL
);
