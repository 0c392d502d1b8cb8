package dev.dlirun.adapters.rest;

import dev.dlirun.domain.port.in.AwaitJobs;
import dev.dlirun.domain.port.in.BatchRunJobs;
import dev.dlirun.domain.port.in.BatchStopJobs;
import dev.dlirun.domain.port.in.InspectJobs;
import dev.dlirun.domain.port.in.CheckJobGraph;
import dev.dlirun.domain.port.in.CheckJobState;
import dev.dlirun.domain.port.in.ManageJobs;
import dev.dlirun.domain.port.in.ManageSavepoints;
import dev.dlirun.domain.port.in.ManageTemplates;
import dev.dlirun.domain.port.in.ManageVersions;
import dev.dlirun.domain.port.in.TransferJobs;
import dev.dlirun.domain.port.in.ShowJob;
import dev.dlirun.domain.port.in.ShowJobLog;
import dev.dlirun.domain.port.in.UpgradeJobs;

import java.util.Objects;

/** The use cases behind {@code /v1.0/{project_id}/streaming/jobs}, {@code .../streaming/job-templates} and {@code /v3/.../gen-graph}. */
public record JobUseCases(BatchRunJobs run, BatchStopJobs stop, ShowJob show, ManageSavepoints savepoints,
                          AwaitJobs await, ManageJobs definitions, ManageTemplates templates,
                          TransferJobs transfers, InspectJobs inspect, ShowJobLog logs, CheckJobGraph checks,
                          CheckJobState stateChecks, ManageVersions versions, UpgradeJobs upgrades) {
    public JobUseCases {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(show, "show");
        Objects.requireNonNull(savepoints, "savepoints");
        Objects.requireNonNull(await, "await");
        Objects.requireNonNull(definitions, "definitions");
        Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(transfers, "transfers");
        Objects.requireNonNull(inspect, "inspect");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(stateChecks, "stateChecks");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(upgrades, "upgrades");
    }
}
