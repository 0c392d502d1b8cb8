-- Every create, update, rollback and import of a job stores the definition it leaves as an immutable version, in the
-- same transaction as the job's row: numbered 1, 2, ... per job, the whole definition as JSON (its type and every
-- field, as the job detail names them). Only what is learnt later is written to a version afterwards: the state
-- check's verdict (JSON) and the savepoint a stop of its run took. Jobs from before have no versions until their next
-- change. A job's versions are deleted with it.
CREATE TABLE job_versions (
    project_id VARCHAR(64) NOT NULL,
    job_id BIGINT NOT NULL,
    version INT NOT NULL,
    definition TEXT NOT NULL,
    created_by VARCHAR(256) NOT NULL,
    created_at BIGINT NOT NULL,
    why VARCHAR(32) NOT NULL,
    rolled_back_from INT,
    state_check TEXT,
    savepoint_at_stop VARCHAR(4096),
    PRIMARY KEY (project_id, job_id, version)
);

-- The version of the job whose run wrote each savepoint; 0 for those recorded before versions were kept.
ALTER TABLE savepoints ADD COLUMN version INT DEFAULT 0 NOT NULL;
