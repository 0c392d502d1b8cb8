package dev.dlirun.bootstrap;

import dev.dlirun.domain.port.out.BackendProbe;
import dev.dlirun.domain.port.out.JobDefinitions;
import dev.dlirun.domain.port.out.JobDetailLookup;
import dev.dlirun.domain.port.out.JobGraphs;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobStateWatch;
import dev.dlirun.domain.port.out.JobStopping;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.port.out.SavepointControl;

import java.util.Objects;

/** The outbound ports the use cases are made of, all answered by one backend. */
record JobPorts(JobLookup lookup, JobSubmission submission, JobStopping stopping, SavepointControl savepoints,
                JobStateWatch watch, JobDetailLookup details, JobDefinitions definitions, BackendProbe probe,
                JobGraphs graphs) {

    /** The ports of {@code backend}, which answers every one of them: the compiler checks it does. */
    static <B extends JobLookup & JobSubmission & JobStopping & SavepointControl & JobStateWatch & JobDetailLookup
            & JobDefinitions & BackendProbe & JobGraphs> JobPorts of(B backend) {
        Objects.requireNonNull(backend, "backend");
        return new JobPorts(backend, backend, backend, backend, backend, backend, backend, backend,
                backend);
    }
}
