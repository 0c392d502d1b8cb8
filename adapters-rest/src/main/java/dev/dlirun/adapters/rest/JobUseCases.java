package dev.dlirun.adapters.rest;

import dev.dlirun.domain.port.in.AwaitJobs;
import dev.dlirun.domain.port.in.BatchRunJobs;
import dev.dlirun.domain.port.in.BatchStopJobs;
import dev.dlirun.domain.port.in.CheckJobGraph;
import dev.dlirun.domain.port.in.ManageJobs;
import dev.dlirun.domain.port.in.ManageSavepoints;
import dev.dlirun.domain.port.in.ShowJob;

import java.util.Objects;

/** The use cases behind {@code /v1.0/{project_id}/streaming/jobs} (and {@code /v3/.../gen-graph}). */
public record JobUseCases(BatchRunJobs run, BatchStopJobs stop, ShowJob show, ManageSavepoints savepoints,
                          AwaitJobs await, ManageJobs definitions, CheckJobGraph checks) {
    public JobUseCases {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(show, "show");
        Objects.requireNonNull(savepoints, "savepoints");
        Objects.requireNonNull(await, "await");
        Objects.requireNonNull(definitions, "definitions");
        Objects.requireNonNull(checks, "checks");
    }
}
