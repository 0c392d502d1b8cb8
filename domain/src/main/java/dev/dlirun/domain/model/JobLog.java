package dev.dlirun.domain.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The last log lines of one job (an extension of this service's: DLI has no such operation): the records its runtime
 * wrote of its latest launch, and nothing of another job's.
 *
 * @param jobId     the job
 * @param launch    the runtime's id of the launch the lines are of (a Flink {@code JobID}); empty when it never ran
 * @param lines     oldest first
 * @param truncated whether older lines of the launch were left out (by the limit asked for, or because its log rolled)
 * @param missing   what of the job's log this answer cannot hold, and why (e.g. a remote cluster keeps no log per
 *                  job); empty when nothing is missing but what {@code truncated} says
 */
public record JobLog(JobId jobId, Optional<String> launch, List<JobLogLine> lines, boolean truncated,
                     Optional<String> missing) {

    public JobLog {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(launch, "launch");
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        Objects.requireNonNull(missing, "missing");
    }

    /** The log of a job that never ran: nothing, and why. */
    public static JobLog neverRan(JobId jobId) {
        return new JobLog(jobId, Optional.empty(), List.of(), false,
                Optional.of("Job " + jobId + " has not run yet: it has no log."));
    }
}
