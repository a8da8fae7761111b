-- A migration this code does not know, as a newer img2img would apply it: additive, min_code_version unchanged.
ALTER TABLE jobs ADD COLUMN webhook_url TEXT;
CREATE TABLE job_events (job_id TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (job_id, version));
