-- The alerts' outbox: each alert is written in the same transaction as the job's change that causes it, and stays
-- 'pending' until its channel took it ('delivered') or it cannot be delivered ('given_up'). A kill between the change
-- and the delivery leaves it pending: it is delivered after the restart. alert_id is the receiver's idempotency key.
CREATE TABLE alerts (
    alert_id VARCHAR(36) PRIMARY KEY,
    kind VARCHAR(40) NOT NULL,
    topic VARCHAR(256) NOT NULL,
    created_at BIGINT NOT NULL,
    project_id VARCHAR(64),
    job_id BIGINT,
    job_name VARCHAR(1024),
    status VARCHAR(40),
    status_desc VARCHAR(4000),
    cluster VARCHAR(1024) NOT NULL,
    state VARCHAR(16) NOT NULL,
    attempts INT DEFAULT 0 NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    finished_at BIGINT,
    last_error VARCHAR(1024)
);
CREATE INDEX alerts_due ON alerts (state, next_attempt_at);
