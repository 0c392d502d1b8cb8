package dev.dlirun.domain.insight;

import dev.dlirun.domain.model.JobId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The numbers of a job's latest run, or why there are none: a job that never ran, or whose run its engine no longer
 * knows, has no numbers rather than zeros (zeros would say it ran and read nothing).
 */
public record JobMetrics(JobId jobId, Optional<RunMetrics> run, Optional<String> whyNone) {

    public JobMetrics {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(whyNone, "whyNone");
        if (run.isPresent() == whyNone.isPresent()) {
            throw new IllegalArgumentException("a job's metrics are either measured or missing for a reason");
        }
    }

    public static JobMetrics measured(JobId jobId, RunMetrics run) {
        return new JobMetrics(jobId, Optional.of(run), Optional.empty());
    }

    public static JobMetrics none(JobId jobId, String why) {
        return new JobMetrics(jobId, Optional.empty(), Optional.of(why));
    }

    /**
     * What a run's sources read and its sinks received.
     *
     * @param totalReadRate  records per second the sources read: Flink's current rate while the run goes on, the
     *                       average over the run once it ended
     * @param totalWriteRate records per second the sinks received, as {@code totalReadRate}
     */
    public record RunMetrics(List<RecordCount> sources, List<RecordCount> sinks, double totalReadRate,
                             double totalWriteRate) {
        public RunMetrics {
            sources = List.copyOf(sources);
            sinks = List.copyOf(sinks);
            if (!(totalReadRate >= 0) || !(totalWriteRate >= 0)) {
                throw new IllegalArgumentException("rates cannot be negative (or not a number)");
            }
        }
    }
}
