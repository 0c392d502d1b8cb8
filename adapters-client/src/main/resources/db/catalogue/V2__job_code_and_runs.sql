-- Jobs run for real: what a job is (its code and the settings of its runs, written by its owner) next to how its
-- runs go (written by the engine). Existing jobs get DLI's defaults and no code: a run of one says it has none.

-- The definition.
ALTER TABLE jobs ADD COLUMN sql_body CHARACTER LARGE OBJECT;
ALTER TABLE jobs ADD COLUMN main_class VARCHAR(4096);
ALTER TABLE jobs ADD COLUMN entrypoint_args VARCHAR(65536);
ALTER TABLE jobs ADD COLUMN entrypoint VARCHAR(4096);
ALTER TABLE jobs ADD COLUMN parallel_number INT DEFAULT 1 NOT NULL;
ALTER TABLE jobs ADD COLUMN checkpoint_enabled BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE jobs ADD COLUMN checkpoint_mode INT DEFAULT 1 NOT NULL;
ALTER TABLE jobs ADD COLUMN checkpoint_interval INT DEFAULT 10 NOT NULL;
ALTER TABLE jobs ADD COLUMN restart_when_exception BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE jobs ADD COLUMN resume_checkpoint BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE jobs ADD COLUMN resume_max_num INT DEFAULT -1 NOT NULL;
ALTER TABLE jobs ADD COLUMN runtime_config CHARACTER LARGE OBJECT;

-- The run state.
ALTER TABLE jobs ADD COLUMN status_desc VARCHAR(4096);
ALTER TABLE jobs ADD COLUMN runtime_job_id CHAR(32);
ALTER TABLE jobs ADD COLUMN restore_path VARCHAR(4096);

-- A start looks for the jobs a previous run left starting, running or stopping.
CREATE INDEX jobs_by_status ON jobs (status);
