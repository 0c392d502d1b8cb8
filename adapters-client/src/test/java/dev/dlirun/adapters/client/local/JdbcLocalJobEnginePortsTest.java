package dev.dlirun.adapters.client.local;

import dev.dlirun.adapters.client.JobPortsContract;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The local engine on its database catalogue keeps the ports' contract too. */
class JdbcLocalJobEnginePortsTest extends JobPortsContract {

    @Override
    protected Backend backendWith(List<Job> jobs) {
        JdbcJobCatalogue catalogue = JdbcJobCatalogue.inMemory();
        for (Job job : jobs) {
            catalogue.addIfAbsent(LocalJob.created(job.projectId(), job.id(), "job-" + job.id(), JobType.FLINK_SQL_JOB,
                    job.status(), job.hasSavepoint(), null, Instant.EPOCH));
        }
        LocalJobEngine engine = new LocalJobEngine(catalogue,
                new SimulatedJobLauncher(Duration.ofMinutes(10), Clock.systemUTC()), Clock.systemUTC());
        return backendOf(engine, engine, catalogue);
    }
}
