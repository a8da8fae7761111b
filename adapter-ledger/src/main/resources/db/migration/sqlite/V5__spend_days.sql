-- Spend accounting and the daily budget (SPEC §6 GET /v1/usage, IMG2IMG_DAILY_CREATIVE_UNITS): one row per UTC day
-- (days since the epoch, by the database's clock) of the Creative Units priced when jobs were accepted that day,
-- those given back by jobs that provably cost nothing, and those spent. The accept transaction charges a priced job
-- to its day's row with the condition "priced - returned + price <= budget", so processes sharing the ledger never
-- pass the budget together. Rows are kept apart from the jobs, so the figures outlive the jobs' retention.
-- Each job records the units it was charged (NULL: none, or given back), so a give-back happens once.
-- Additive: older code ignores the table and the column (and neither charges nor checks a budget).
CREATE TABLE spend_days (
    utc_day        INTEGER PRIMARY KEY,
    priced_units   REAL    NOT NULL DEFAULT 0,
    returned_units REAL    NOT NULL DEFAULT 0,
    spent_units    REAL    NOT NULL DEFAULT 0
);
ALTER TABLE jobs ADD COLUMN charged_units REAL;
CREATE INDEX jobs_by_creation ON jobs (created_at);
