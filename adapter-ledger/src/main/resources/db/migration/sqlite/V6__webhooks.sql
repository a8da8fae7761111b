-- Webhooks (SPEC §6): a job's registered callback, and the outbox of its deliveries. Both are written in the same
-- transaction as the job change that makes them (the registration with the accepted job; a delivery with the
-- job's first move to running or submitted, its progress, its end), claimed by any node under a lease, and pruned
-- with their job. Additive: older code ignores both tables (a job it ends is noticed by the next write of a newer node).

CREATE TABLE webhooks (
    job_id        TEXT    PRIMARY KEY,
    url           TEXT    NOT NULL,
    events        TEXT    NOT NULL, -- comma-separated: start, progress, completed
    is_open       INTEGER NOT NULL, -- 1 until the job ended and its last delivery was made
    start_made    INTEGER NOT NULL DEFAULT 0,
    progress_seen INTEGER,                -- the job's progress version the last progress delivery was made for
    created_at    INTEGER NOT NULL
);
CREATE INDEX webhooks_open ON webhooks (is_open);

CREATE TABLE webhook_deliveries (
    delivery_id     TEXT    PRIMARY KEY, -- the webhook-id header: the same on every attempt
    job_id          TEXT    NOT NULL,
    event           TEXT    NOT NULL,
    url             TEXT    NOT NULL,
    state           TEXT    NOT NULL,    -- pending, delivered, failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    holder          TEXT,
    lease_until     INTEGER,
    created_at      INTEGER NOT NULL,
    last_status     INTEGER,
    last_error      TEXT,
    last_attempt_at INTEGER,
    body            BLOB                -- the body the first attempt sent; every retry sends the same
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_by_job ON webhook_deliveries (job_id);
