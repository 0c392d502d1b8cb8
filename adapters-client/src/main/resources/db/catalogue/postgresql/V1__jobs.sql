-- PostgreSQL's catalogue (issue 32) is made by the same versions as H2's (../V<n>__*.sql), each written in PostgreSQL's
-- SQL: the same tables, columns, keys and indexes, so that one service reads and writes either the same way.
-- The catalogue as the first version of the service made it. A data directory from that version already holds
-- this table, and no schema_version: it is taken as version 1, and what follows is applied (CatalogueSchema).
CREATE TABLE IF NOT EXISTS jobs (
    project_id VARCHAR(64) NOT NULL,
    job_id BIGINT NOT NULL,
    name VARCHAR(4096) NOT NULL,
    job_type VARCHAR(64) NOT NULL,
    status VARCHAR(64) NOT NULL,
    has_savepoint BOOLEAN NOT NULL,
    savepoint_path VARCHAR(4096),
    create_time BIGINT NOT NULL,
    start_time BIGINT,
    update_time BIGINT NOT NULL,
    resumed_from_savepoint BOOLEAN NOT NULL,
    PRIMARY KEY (project_id, job_id)
);
