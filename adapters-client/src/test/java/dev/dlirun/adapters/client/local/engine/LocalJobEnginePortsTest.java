package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.adapters.client.local.runtime.simulated.SimulatedJobRuntime;

import dev.dlirun.adapters.client.JobPortsContract;
import dev.dlirun.domain.model.Job;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The local engine on the simulated runtime keeps the ports' contract. */
class LocalJobEnginePortsTest extends JobPortsContract {

    @Override
    protected Backend backendWith(List<Job> jobs) {
        InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();
        // Long enough that no job starts running during a test.
        LocalJobEngine engine = new LocalJobEngine(catalogue, new SimulatedJobRuntime(Duration.ofMinutes(10),
                Clock.systemUTC()), Clock.systemUTC(), EngineSettings.DEFAULTS);
        engine.start();
        // Added after the start, as jobs created while it serves: a start takes up only what an earlier run left.
        jobs.forEach(job -> catalogue.addIfAbsent(TestJobs.job(job.projectId(), job.id().value(), job.status(),
                job.hasSavepoint())));
        return backendOf(engine, engine);
    }
}
