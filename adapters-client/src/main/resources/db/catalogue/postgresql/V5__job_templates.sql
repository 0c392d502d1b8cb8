-- Flink SQL job templates (issue 29), per project: at most 100 a project (DLI's limit), so a list reads a project's
-- templates by this index and filters, orders and pages them in memory. Tags as JSON text ([{"key":..,"value":..}]).
CREATE TABLE job_templates (
    template_id BIGINT PRIMARY KEY,
    project_id VARCHAR(64) NOT NULL,
    name VARCHAR(64) NOT NULL,
    description VARCHAR(512) NOT NULL,
    sql_body TEXT NOT NULL,
    job_type VARCHAR(32) NOT NULL,
    tags TEXT NOT NULL,
    create_time BIGINT NOT NULL,
    update_time BIGINT NOT NULL
);
CREATE INDEX job_templates_by_project ON job_templates (project_id, create_time, template_id);

-- A template's id is one no project uses. The official SDK reads a listed template's id as a 32-bit Integer: ids
-- start at 1 and stay far below 2^31.
CREATE SEQUENCE template_id_sequence START WITH 1;
