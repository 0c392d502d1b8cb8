package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobLogTest {

    private static final JobId JOB = JobId.of(131);
    private static final JobLogLine LINE = new JobLogLine("jobmanager", "Job orders switched to RUNNING.");

    @Test
    void aLogKeepsItsLaunchLinesAndWhatIsMissing() {
        JobLog log = new JobLog(JOB, Optional.of("a1b2"), List.of(LINE), true, Optional.of("no log per job"));

        assertThat(log).returns(JOB, JobLog::jobId).returns(Optional.of("a1b2"), JobLog::launch)
                .returns(List.of(LINE), JobLog::lines).returns(true, JobLog::truncated)
                .returns(Optional.of("no log per job"), JobLog::missing);
    }

    @Test
    void theLogOfAJobThatNeverRanIsEmptyAndSaysWhy() {
        assertThat(JobLog.neverRan(JOB)).isEqualTo(new JobLog(JOB, Optional.empty(), List.of(), false,
                Optional.of("Job 131 has not run yet: it has no log.")));
    }

    @Test
    void theLinesAreACopyThatCannotChange() {
        List<JobLogLine> lines = new ArrayList<>(List.of(LINE));
        JobLog log = new JobLog(JOB, Optional.empty(), lines, false, Optional.empty());
        lines.clear();

        assertThat(log.lines()).containsExactly(LINE);
        assertThatThrownBy(() -> log.lines().add(LINE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aLogNeedsEachPartNeverNull() {
        assertThatThrownBy(() -> new JobLog(null, Optional.empty(), List.of(), false, Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("jobId");
        assertThatThrownBy(() -> new JobLog(JOB, null, List.of(), false, Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("launch");
        assertThatThrownBy(() -> new JobLog(JOB, Optional.empty(), null, false, Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("lines");
        assertThatThrownBy(() -> new JobLog(JOB, Optional.empty(), List.of(), false, null))
                .isInstanceOf(NullPointerException.class).hasMessage("missing");
    }
}
