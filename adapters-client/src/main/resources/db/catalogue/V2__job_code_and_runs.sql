-- Jobs run for real: what a job is (its code and the settings of its runs, written by its owner) next to how its
-- runs go (written by the engine). Existing jobs get DLI's defaults and no code: a run of one says it has none.
-- One statement: every statement of a schema change is a commit written to the disk.
ALTER TABLE jobs ADD (
    -- the definition
    sql_body CHARACTER LARGE OBJECT,
    main_class VARCHAR(4096),
    entrypoint_args VARCHAR(65536),
    entrypoint VARCHAR(4096),
    parallel_number INT DEFAULT 1 NOT NULL,
    checkpoint_enabled BOOLEAN DEFAULT FALSE NOT NULL,
    checkpoint_mode INT DEFAULT 1 NOT NULL,
    checkpoint_interval INT DEFAULT 10 NOT NULL,
    restart_when_exception BOOLEAN DEFAULT FALSE NOT NULL,
    resume_checkpoint BOOLEAN DEFAULT FALSE NOT NULL,
    resume_max_num INT DEFAULT -1 NOT NULL,
    runtime_config CHARACTER LARGE OBJECT,
    -- the run state
    status_desc VARCHAR(4096),
    runtime_job_id CHAR(32),
    restore_path VARCHAR(4096)
);

-- A start looks for the jobs a previous run left starting, running or stopping.
CREATE INDEX jobs_by_status ON jobs (status);
