-- The service instances that use this catalogue (issue 32), each recording itself as alive (heartbeat_at, by the
-- database's clock) while it runs: an instance with the embedded Flink engine refuses a catalogue another live
-- instance uses, and instances find each other here. On H2 there is only ever one, but the schema is the same.
CREATE TABLE service_instances (
    instance_id VARCHAR(64) PRIMARY KEY,
    engine VARCHAR(32) NOT NULL,
    address VARCHAR(512) NOT NULL,
    started_at BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);
-- Leases with fencing tokens: who does a piece of shared work (e.g. watch a job's runs) until expires_at, by the
-- database's clock. token grows by one each time the holder changes, and every write made under a lease checks it in
-- its own transaction, so an instance that lost its lease (paused, cut off) cannot write over its successor's work.
-- holder is NULL once the lease is given up.
CREATE TABLE leases (
    name VARCHAR(256) PRIMARY KEY,
    holder VARCHAR(64),
    token BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
-- Every change of a job's row is told to the instances that listen on the channel dlirun_jobs, as
-- '<project id>/<job id>', once its transaction commits (and not at all when it rolls back): a wait on one instance is
-- woken by a write on another, whose in-process listeners it cannot hear. A row, not a statement, trigger: the
-- listeners want the job, and PostgreSQL sends a transaction's equal notifications once.
CREATE FUNCTION dlirun_job_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('dlirun_jobs', OLD.project_id || '/' || OLD.job_id);
    ELSE
        PERFORM pg_notify('dlirun_jobs', NEW.project_id || '/' || NEW.job_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_changed AFTER INSERT OR UPDATE OR DELETE ON jobs
    FOR EACH ROW EXECUTE FUNCTION dlirun_job_changed();
