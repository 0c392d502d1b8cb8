package dev.dlirun.adapters.client.dli;

import dev.dlirun.adapters.client.JobPortsContract;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.run.RunOutcome;
import dev.dlirun.domain.run.StartMode;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DLI adapter keeps the ports' contract, against a fake DLI on loopback that accepts only requests the
 * official SDK's signer would have signed the same way.
 */
class DliJobBackendPortsTest extends JobPortsContract {

    @Override
    protected Backend backendWith(List<Job> jobs) {
        FakeDli dli = FakeDli.start().requiring(OfficialSigner.verifies("AK-TEST", "SK-TEST"));
        jobs.forEach(job -> dli.withJob(job.projectId(), job.id().value(), job.status(), job.hasSavepoint()));
        DliJobBackend adapter = new DliJobBackend(
                DliSettings.defaults(dli.endpoint(), new DliCredentials.AkSk("AK-TEST", "SK-TEST")), Clock.systemUTC());
        return new Backend() {
            @Override
            public Map<JobId, JobLookupResult> findJobs(ProjectId projectId, List<JobId> jobIds, Deadline deadline) {
                return adapter.findJobs(projectId, jobIds, deadline);
            }

            @Override
            public Map<JobId, RunOutcome> submit(ProjectId projectId, List<Job> toStart, StartMode mode,
                                                 Deadline deadline) {
                return adapter.submit(projectId, toStart, mode, deadline);
            }

            @Override
            public Optional<JobDetail> findJob(ProjectId projectId, JobId id, Deadline deadline) {
                return adapter.findJob(projectId, id, deadline);
            }

            @Override
            public void close() {
                adapter.close();
                dli.close();
            }
        };
    }
}
