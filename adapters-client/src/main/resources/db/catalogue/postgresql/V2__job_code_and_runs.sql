-- Jobs run for real: what a job is (its code and the settings of its runs, written by its owner) next to how its
-- runs go (written by the engine). Existing jobs get DLI's defaults and no code: a run of one says it has none.
-- One statement: every statement of a schema change is a commit written to the disk.
ALTER TABLE jobs
    -- the definition
    ADD COLUMN sql_body TEXT,
    ADD COLUMN main_class VARCHAR(4096),
    ADD COLUMN entrypoint_args VARCHAR(65536),
    ADD COLUMN entrypoint VARCHAR(4096),
    ADD COLUMN parallel_number INT DEFAULT 1 NOT NULL,
    ADD COLUMN checkpoint_enabled BOOLEAN DEFAULT FALSE NOT NULL,
    ADD COLUMN checkpoint_mode INT DEFAULT 1 NOT NULL,
    ADD COLUMN checkpoint_interval INT DEFAULT 10 NOT NULL,
    ADD COLUMN restart_when_exception BOOLEAN DEFAULT FALSE NOT NULL,
    ADD COLUMN resume_checkpoint BOOLEAN DEFAULT FALSE NOT NULL,
    ADD COLUMN resume_max_num INT DEFAULT -1 NOT NULL,
    ADD COLUMN runtime_config TEXT,
    -- the run state
    ADD COLUMN status_desc VARCHAR(4096),
    ADD COLUMN runtime_job_id CHAR(32),
    ADD COLUMN restore_path VARCHAR(4096);

-- A start looks for the jobs a previous run left starting, running or stopping.
CREATE INDEX jobs_by_status ON jobs (status);
