-- A migration this jar does not know, as a newer img2img would apply it: additive, the oldest usable version unchanged.
ALTER TABLE jobs ADD COLUMN webhook_url TEXT;
CREATE TABLE job_webhooks (job_id TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY (job_id, url));
