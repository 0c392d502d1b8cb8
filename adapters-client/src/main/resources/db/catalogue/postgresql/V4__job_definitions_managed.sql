-- Jobs created, changed, listed and deleted through DLI's API (issue 13): every other field of a job's definition
-- (queues, CUs, OBS, SMN, tags...) kept as JSON text; the queue and the tags also where a list can filter on them.
ALTER TABLE jobs
    ADD COLUMN queue_name VARCHAR(128),
    ADD COLUMN extras TEXT;

-- A list's page in creation order, newest first (DLI's default order), for each filter a list takes, without reading
-- the project's other jobs. H2 reads an index in its own order only: oldest first sorts the matches.
CREATE INDEX jobs_by_time ON jobs (project_id, create_time DESC, job_id DESC);
CREATE INDEX jobs_by_project_status ON jobs (project_id, status, create_time DESC, job_id DESC);
CREATE INDEX jobs_by_type ON jobs (project_id, job_type, create_time DESC, job_id DESC);
CREATE INDEX jobs_by_queue ON jobs (project_id, queue_name, create_time DESC, job_id DESC);
-- Names are unique within a project (checked as a job is created or renamed) and listed by prefix, newest first.
CREATE INDEX jobs_by_name ON jobs (project_id, name, create_time DESC, job_id DESC);
-- A new job's id is one no project uses.
CREATE INDEX jobs_by_id ON jobs (job_id);

CREATE TABLE job_tags (
    project_id VARCHAR(64) NOT NULL,
    job_id BIGINT NOT NULL,
    tag_key VARCHAR(128) NOT NULL,
    tag_value VARCHAR(255) NOT NULL,
    PRIMARY KEY (project_id, job_id, tag_key)
);
CREATE INDEX job_tags_by_tag ON job_tags (project_id, tag_key, tag_value);

CREATE SEQUENCE job_id_sequence START WITH 100000;

-- How many jobs each project holds, kept in the transaction of every insert and delete: a list without filters
-- answers its total_count without counting the project's jobs.
CREATE TABLE project_jobs (
    project_id VARCHAR(64) PRIMARY KEY,
    jobs BIGINT NOT NULL
);
INSERT INTO project_jobs (project_id, jobs) SELECT project_id, COUNT(*) FROM jobs GROUP BY project_id;
