package dev.dlirun.adapters.client.local;

import dev.dlirun.adapters.client.JobPortsContract;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The local engine keeps the ports' contract. */
class LocalJobEnginePortsTest extends JobPortsContract {

    @Override
    protected Backend backendWith(List<Job> jobs) {
        InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();
        for (Job job : jobs) {
            catalogue.addIfAbsent(LocalJob.created(job.projectId(), job.id(), "job-" + job.id(), JobType.FLINK_SQL_JOB,
                    job.status(), job.hasSavepoint(), null, Instant.EPOCH));
        }
        // Long enough that no job starts running during a test.
        LocalJobEngine engine = new LocalJobEngine(catalogue,
                new SimulatedJobLauncher(Duration.ofMinutes(10), Clock.systemUTC()), Clock.systemUTC());
        return backendOf(engine, engine);
    }
}
