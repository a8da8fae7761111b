-- Job events (SPEC §6) resume after a version: each image records the job version its write gave the job, so
-- "the images a client held at version N" is exact on any process. Additive: older code ignores the column.
ALTER TABLE job_images ADD COLUMN recorded_version INTEGER;
