package dev.dlirun.domain.model;

import dev.dlirun.domain.model.JobSavepoints.Origin;
import dev.dlirun.domain.model.JobSavepoints.Savepoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobSavepointsTest {

    private static final JobId JOB = JobId.of(131);
    private static final Savepoint IMPORTED = new Savepoint("file:/sp/imported", 1_000, Origin.IMPORT);
    private static final Savepoint TRIGGERED = new Savepoint("file:/sp/triggered", 2_000, Origin.TRIGGER);
    private static final Savepoint STOPPED = new Savepoint("file:/sp/stopped", 3_000, Origin.STOP);

    @Test
    void theHistoryIsNewestFirstWhateverOrderItIsGivenIn() {
        JobSavepoints history = new JobSavepoints(JOB, Optional.empty(), List.of(TRIGGERED, IMPORTED, STOPPED));

        assertThat(history.savepoints()).containsExactly(STOPPED, TRIGGERED, IMPORTED);
        assertThat(history.jobId()).isEqualTo(JOB);
    }

    @Test
    void savepointsOfTheSameTimeKeepTheOrderTheyWereGivenIn() {
        Savepoint first = new Savepoint("file:/sp/a", 5, Origin.TRIGGER);
        Savepoint second = new Savepoint("file:/sp/b", 5, Origin.STOP);

        assertThat(new JobSavepoints(JOB, Optional.empty(), List.of(first, second)).savepoints())
                .containsExactly(first, second);
        assertThat(new JobSavepoints(JOB, Optional.empty(), List.of(second, first)).savepoints())
                .containsExactly(second, first);
    }

    @Test
    void onlyTheSavepointTheJobsPathNamesIsCurrent() {
        JobSavepoints history = new JobSavepoints(JOB, Optional.of("file:/sp/triggered"),
                List.of(STOPPED, TRIGGERED, IMPORTED));

        assertThat(history.savepoints()).filteredOn(history::isCurrent).containsExactly(TRIGGERED);
    }

    @Test
    void noSavepointIsCurrentWhenTheJobHasNoneOrOneOutsideTheHistory() {
        assertThat(new JobSavepoints(JOB, Optional.empty(), List.of(STOPPED)).isCurrent(STOPPED)).isFalse();
        assertThat(new JobSavepoints(JOB, Optional.of("obs://bucket/from-the-jobs-file"), List.of(STOPPED))
                .isCurrent(STOPPED)).isFalse();
    }

    @Test
    void theHistoryIsACopyThatCannotChange() {
        List<Savepoint> given = new ArrayList<>(List.of(STOPPED));
        JobSavepoints history = new JobSavepoints(JOB, Optional.empty(), given);
        given.clear();

        assertThat(history.savepoints()).containsExactly(STOPPED);
        assertThatThrownBy(() -> history.savepoints().add(IMPORTED)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aJobWithoutSavepointsHasAnEmptyHistory() {
        assertThat(new JobSavepoints(JOB, Optional.empty(), List.of()).savepoints()).isEmpty();
    }

    @Test
    void aHistoryNeedsEachPartNeverNull() {
        assertThatThrownBy(() -> new JobSavepoints(null, Optional.empty(), List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("jobId");
        assertThatThrownBy(() -> new JobSavepoints(JOB, null, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("current");
        assertThatThrownBy(() -> new JobSavepoints(JOB, Optional.empty(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("savepoints");
    }

    @Test
    void aSavepointHasAPathAnOriginAndATimeSince1970() {
        assertThat(new Savepoint("p", 0, Origin.STOP).takenAt()).isZero();
        assertThatThrownBy(() -> new Savepoint(null, 1, Origin.STOP))
                .isInstanceOf(NullPointerException.class).hasMessage("path");
        assertThatThrownBy(() -> new Savepoint("p", 1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("origin");
        assertThatThrownBy(() -> new Savepoint(" ", 1, Origin.STOP))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a savepoint's path cannot be blank");
        assertThatThrownBy(() -> new Savepoint("p", -1, Origin.STOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a savepoint cannot be taken before 1970, not at -1");
    }
}
