-- Fair share of the queue (SPEC §6): each job records the client that asked for it (a REST client's address), so
-- the accept that queues a job counts that client's queued jobs in the same transaction as the queue itself.
-- Additive: older code ignores the column; a NULL client (a job from MCP, or from older code) counts for no client.
ALTER TABLE jobs ADD COLUMN client_key TEXT;
