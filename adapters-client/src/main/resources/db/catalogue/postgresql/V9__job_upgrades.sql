-- One-call upgrades of running jobs (issue 31): one row per upgrade, every step saved before its effect is relied on,
-- so a restart takes up each unsettled one where it was. Both definitions are kept whole (type, and every field as
-- JSON text), whatever else keeps the job's history; the state check's verdict with its operators (JSON text).
CREATE TABLE job_upgrades (
    upgrade_id CHAR(32) PRIMARY KEY,
    project_id VARCHAR(64) NOT NULL,
    job_id BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    job_type VARCHAR(64) NOT NULL,
    previous_definition TEXT NOT NULL,
    candidate_definition TEXT NOT NULL,
    timeout_seconds INT NOT NULL,
    allow_non_restored_state BOOLEAN NOT NULL,
    verdict_kind VARCHAR(16),
    verdict_reason VARCHAR(4096),
    verdict_operators TEXT,
    replaced_launch CHAR(32) NOT NULL,
    stop_asked BOOLEAN NOT NULL,
    savepoint_before VARCHAR(4096),
    savepoint VARCHAR(4096),
    new_launch CHAR(32),
    rollback_launch CHAR(32),
    verify_by BIGINT,
    why VARCHAR(8192),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX job_upgrades_by_job ON job_upgrades (project_id, job_id, created_at DESC);
CREATE INDEX job_upgrades_by_status ON job_upgrades (status);
