package dev.dlirun.domain.insight;

import dev.dlirun.domain.model.JobId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobMetricsTest {

    private static final JobId JOB = JobId.of(131);
    private static final JobMetrics.RunMetrics RUN = new JobMetrics.RunMetrics(
            List.of(new RecordCount("Source: orders[1]", 40)), List.of(new RecordCount("Sink: out[2]", 38)), 2.5, 0);

    @Test
    void measuredMetricsHoldTheRunsNumbersAndNoReason() {
        JobMetrics metrics = JobMetrics.measured(JOB, RUN);

        assertThat(metrics).returns(JOB, JobMetrics::jobId).returns(Optional.of(RUN), JobMetrics::run)
                .returns(Optional.empty(), JobMetrics::whyNone);
        assertThat(RUN.sources()).containsExactly(new RecordCount("Source: orders[1]", 40));
        assertThat(RUN.sinks()).containsExactly(new RecordCount("Sink: out[2]", 38));
        assertThat(RUN.totalReadRate()).isEqualTo(2.5);
        assertThat(RUN.totalWriteRate()).isEqualTo(0.0);
    }

    @Test
    void missingMetricsSayWhyAndHoldNoNumbers() {
        JobMetrics metrics = JobMetrics.none(JOB, "Job 131 has not run yet.");

        assertThat(metrics).returns(JOB, JobMetrics::jobId).returns(Optional.empty(), JobMetrics::run)
                .returns(Optional.of("Job 131 has not run yet."), JobMetrics::whyNone);
    }

    @Test
    void metricsAreEitherMeasuredOrMissingForAReasonNeverBothOrNeither() {
        assertThatThrownBy(() -> new JobMetrics(JOB, Optional.of(RUN), Optional.of("why")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a job's metrics are either measured or missing for a reason");
        assertThatThrownBy(() -> new JobMetrics(JOB, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a job's metrics are either measured or missing for a reason");
    }

    @Test
    void metricsNeedTheirJobAndOptionalsNeverNull() {
        assertThatThrownBy(() -> JobMetrics.measured(null, RUN)).isInstanceOf(NullPointerException.class)
                .hasMessage("jobId");
        assertThatThrownBy(() -> new JobMetrics(JOB, null, Optional.of("why")))
                .isInstanceOf(NullPointerException.class).hasMessage("run");
        assertThatThrownBy(() -> new JobMetrics(JOB, Optional.of(RUN), null))
                .isInstanceOf(NullPointerException.class).hasMessage("whyNone");
    }

    @Test
    void ratesOfZeroAreAcceptedAndNegativeOrNotANumberRefused() {
        assertThat(new JobMetrics.RunMetrics(List.of(), List.of(), 0, 0).totalReadRate()).isZero();
        for (double[] rates : new double[][]{{-0.1, 0}, {0, -0.1}, {Double.NaN, 0}, {0, Double.NaN}}) {
            assertThatThrownBy(() -> new JobMetrics.RunMetrics(List.of(), List.of(), rates[0], rates[1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("rates cannot be negative (or not a number)");
        }
    }

    @Test
    void theSourcesAndSinksAreCopiesThatCannotChange() {
        List<RecordCount> sources = new ArrayList<>(List.of(new RecordCount("a", 1)));
        List<RecordCount> sinks = new ArrayList<>(List.of(new RecordCount("b", 2)));
        JobMetrics.RunMetrics run = new JobMetrics.RunMetrics(sources, sinks, 1, 1);
        sources.clear();
        sinks.clear();

        assertThat(run.sources()).containsExactly(new RecordCount("a", 1));
        assertThat(run.sinks()).containsExactly(new RecordCount("b", 2));
        assertThatThrownBy(() -> run.sinks().add(new RecordCount("c", 3)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
