package dev.dlirun.adapters.client.dli;

import dev.dlirun.adapters.client.JobPortsContract;
import dev.dlirun.domain.model.Job;

import java.time.Clock;
import java.util.List;

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
        return backendOf(adapter, adapter, dli);
    }
}
