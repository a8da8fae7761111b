-- Job events (SPEC §6) never repeat a status or a progress on resume: each job records the version at which what
-- a status event says last changed (queued and its queue position, in progress, ended) and the version at which
-- its progress last changed, so "did it change after version N" is exact on any process.
-- The result's notes (SPEC §4: how the request was adjusted to run, e.g. a reference scaled down to the
-- backend's inline limit) are kept with the job, as a JSON array of strings.
-- Additive: older code ignores the columns; a NULL status_version or progress_version reads as the job's version.
ALTER TABLE jobs ADD COLUMN status_version INTEGER;
ALTER TABLE jobs ADD COLUMN progress_version INTEGER;
ALTER TABLE jobs ADD COLUMN notes_json TEXT;
