package dev.dlirun.adapters.client.local;

import dev.dlirun.adapters.client.JobPortsContract;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.run.RunOutcome;
import dev.dlirun.domain.run.StartMode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        return new Backend() {
            @Override
            public Map<JobId, JobLookupResult> findJobs(ProjectId projectId, List<JobId> jobIds, Deadline deadline) {
                return engine.findJobs(projectId, jobIds, deadline);
            }

            @Override
            public Map<JobId, RunOutcome> submit(ProjectId projectId, List<Job> toStart, StartMode mode,
                                                 Deadline deadline) {
                return engine.submit(projectId, toStart, mode, deadline);
            }

            @Override
            public Optional<JobDetail> findJob(ProjectId projectId, JobId id, Deadline deadline) {
                return engine.findJob(projectId, id, deadline);
            }

            @Override
            public void close() {
                engine.close();
            }
        };
    }
}
