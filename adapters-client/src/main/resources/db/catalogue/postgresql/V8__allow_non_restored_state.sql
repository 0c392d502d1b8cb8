-- Whether a job's latest launch may drop the state of operators the job no longer has (Flink's
-- allowNonRestoredState): a choice of each run with resume_savepoint, off unless asked for (issue 31).
ALTER TABLE jobs
    ADD COLUMN allow_non_restored_state BOOLEAN DEFAULT FALSE NOT NULL;
