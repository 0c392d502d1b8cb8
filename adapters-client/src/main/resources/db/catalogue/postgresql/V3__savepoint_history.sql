-- Every savepoint the service takes or imports, with its job, time, origin and the runtime that took it: the
-- history --savepoints-kept prunes. A job's current savepoint is its row's savepoint_path, never pruned.
CREATE TABLE savepoints (
    project_id VARCHAR(64) NOT NULL,
    job_id BIGINT NOT NULL,
    path VARCHAR(4096) NOT NULL,
    taken_at BIGINT NOT NULL,
    origin VARCHAR(16) NOT NULL,
    runtime_version VARCHAR(64) NOT NULL,
    PRIMARY KEY (project_id, job_id, path)
);
