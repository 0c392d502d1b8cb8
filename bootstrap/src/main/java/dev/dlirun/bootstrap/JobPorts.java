package dev.dlirun.bootstrap;

import dev.dlirun.domain.port.out.BackendProbe;
import dev.dlirun.domain.port.out.JobDefinitions;
import dev.dlirun.domain.port.out.JobDetailLookup;
import dev.dlirun.domain.port.out.JobInsight;
import dev.dlirun.domain.port.out.JobLogSource;
import dev.dlirun.domain.port.out.JobGraphs;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobStateChecks;
import dev.dlirun.domain.port.out.JobUpgrades;
import dev.dlirun.domain.port.out.JobStateWatch;
import dev.dlirun.domain.port.out.JobStopping;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.port.out.JobTemplates;
import dev.dlirun.domain.port.out.JobTransfers;
import dev.dlirun.domain.port.out.JobVersions;
import dev.dlirun.domain.port.out.SavepointControl;

import java.util.Objects;

/** The outbound ports the use cases are made of, all answered by one backend. */
record JobPorts(JobLookup lookup, JobSubmission submission, JobStopping stopping, SavepointControl savepoints,
                JobStateWatch watch, JobDetailLookup details, JobDefinitions definitions, BackendProbe probe,
                JobTemplates templates, JobTransfers transfers, JobInsight insight, JobLogSource logs,
                JobGraphs graphs, JobStateChecks stateChecks, JobVersions versions, JobUpgrades upgrades) {

    /** The ports of {@code backend}, which answers all but the logs: the compiler checks it does. */
    static <B extends JobLookup & JobSubmission & JobStopping & SavepointControl & JobStateWatch & JobDetailLookup
            & JobDefinitions & BackendProbe & JobTemplates & JobTransfers & JobInsight & JobGraphs & JobStateChecks
            & JobVersions & JobUpgrades> JobPorts of(B backend, JobLogSource logs) {
        return of(backend, backend, backend, logs);
    }

    /** The ports of {@code backend}; its templates, its export and import, and its logs answered by the objects given. */
    static <B extends JobLookup & JobSubmission & JobStopping & SavepointControl & JobStateWatch & JobDetailLookup
            & JobDefinitions & BackendProbe & JobInsight & JobGraphs & JobStateChecks & JobVersions & JobUpgrades>
    JobPorts of(B backend, JobTemplates templates, JobTransfers transfers, JobLogSource logs) {
        Objects.requireNonNull(backend, "backend");
        return new JobPorts(backend, backend, backend, backend, backend, backend, backend, backend,
                Objects.requireNonNull(templates, "templates"), Objects.requireNonNull(transfers, "transfers"),
                backend, Objects.requireNonNull(logs, "logs"), backend, backend, backend, backend);
    }
}
