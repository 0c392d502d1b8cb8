package dev.dlirun.domain.version;

import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobVersionTest {

    private static final JobId JOB = JobId.of(131);
    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobDefinition FIRST = JobDefinition.named("orders", JobType.FLINK_OPENSOURCE_SQL_JOB);
    private static final JobDefinition SECOND = JobDefinition.named("orders-2", JobType.FLINK_OPENSOURCE_SQL_JOB);

    private static JobVersion version(int number, VersionReason why, Optional<Integer> from) {
        return new JobVersion(JOB, number, FIRST, "p1", 1_000, why, Optional.empty(), Optional.empty(), from);
    }

    @Test
    void theFirstVersionIsNumberOneAndEachNextOneMore() {
        JobVersion first = JobVersion.next(JOB, Optional.empty(), FIRST, VersionStamp.of(VersionReason.CREATE, PROJECT),
                1_000);
        JobVersion second = JobVersion.next(JOB, Optional.of(first), SECOND,
                VersionStamp.of(VersionReason.UPDATE, PROJECT), 2_000);
        JobVersion third = JobVersion.next(JOB, Optional.of(second), FIRST, VersionStamp.rollback(PROJECT, 1), 3_000);

        assertThat(first).isEqualTo(new JobVersion(JOB, 1, FIRST, "p1", 1_000, VersionReason.CREATE, Optional.empty(),
                Optional.empty(), Optional.empty()));
        assertThat(second).isEqualTo(new JobVersion(JOB, 2, SECOND, "p1", 2_000, VersionReason.UPDATE,
                Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(third).isEqualTo(new JobVersion(JOB, 3, FIRST, "p1", 3_000, VersionReason.ROLLBACK,
                Optional.empty(), Optional.empty(), Optional.of(1)));
    }

    @Test
    void whatIsLearntLaterIsAddedAndNothingElseChanges() {
        JobVersion version = version(2, VersionReason.UPDATE, Optional.empty());
        StateVerdict verdict = StateVerdict.compatible("every operator's state is taken up");

        JobVersion checked = version.withStateCheck(verdict);
        JobVersion stopped = checked.withSavepointAtStop("file:/sp/131/savepoint-a");

        assertThat(checked).isEqualTo(new JobVersion(JOB, 2, FIRST, "p1", 1_000, VersionReason.UPDATE,
                Optional.of(verdict), Optional.empty(), Optional.empty()));
        assertThat(stopped).isEqualTo(new JobVersion(JOB, 2, FIRST, "p1", 1_000, VersionReason.UPDATE,
                Optional.of(verdict), Optional.of("file:/sp/131/savepoint-a"), Optional.empty()));
        assertThat(version.stateCheck()).isEmpty();
        assertThat(version.withSavepointAtStop("file:/sp/x").stateCheck()).isEmpty();
        assertThatThrownBy(() -> version.withStateCheck(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("verdict");
        assertThatThrownBy(() -> version.withSavepointAtStop(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("path");
    }

    @Test
    void aRollbackAndOnlyARollbackNamesAnEarlierVersion() {
        assertThat(version(3, VersionReason.ROLLBACK, Optional.of(1)).rolledBackFrom()).contains(1);
        assertThat(version(3, VersionReason.ROLLBACK, Optional.of(2)).rolledBackFrom()).contains(2);
        assertThatThrownBy(() -> version(3, VersionReason.ROLLBACK, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a rollback, and only a rollback, names the version it rolled back to");
        assertThatThrownBy(() -> version(3, VersionReason.UPDATE, Optional.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a rollback, and only a rollback, names the version it rolled back to");
        assertThatThrownBy(() -> version(3, VersionReason.ROLLBACK, Optional.of(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version 3 can only roll back to an earlier version, not to 3");
        assertThatThrownBy(() -> version(3, VersionReason.ROLLBACK, Optional.of(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version 3 can only roll back to an earlier version, not to 0");
    }

    @Test
    void aVersionIsNumberedFromOneMadeBySomeoneSince1970() {
        assertThat(new JobVersion(JOB, 1, FIRST, "p", 0, VersionReason.IMPORT, Optional.empty(), Optional.empty(),
                Optional.empty()).createdAt()).isZero();
        assertThatThrownBy(() -> version(0, VersionReason.CREATE, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a job's versions are numbered from 1, not 0");
        assertThatThrownBy(() -> new JobVersion(JOB, 1, FIRST, " ", 0, VersionReason.CREATE, Optional.empty(),
                Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a version needs who made it");
        assertThatThrownBy(() -> new JobVersion(JOB, 1, FIRST, "p", -1, VersionReason.CREATE, Optional.empty(),
                Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a version cannot be made before 1970, not at -1");
        assertThatThrownBy(() -> new JobVersion(JOB, 1, FIRST, "p", 0, VersionReason.CREATE, Optional.empty(),
                Optional.of(" "), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a version's savepoint at stop cannot be a blank path");
    }

    @Test
    void aVersionNeedsEachPartNeverNull() {
        assertThatThrownBy(() -> new JobVersion(null, 1, FIRST, "p", 0, VersionReason.CREATE, Optional.empty(),
                Optional.empty(), Optional.empty())).isInstanceOf(NullPointerException.class).hasMessage("jobId");
        assertThatThrownBy(() -> new JobVersion(JOB, 1, null, "p", 0, VersionReason.CREATE, Optional.empty(),
                Optional.empty(), Optional.empty())).isInstanceOf(NullPointerException.class).hasMessage("definition");
        assertThatThrownBy(() -> new JobVersion(JOB, 1, FIRST, null, 0, VersionReason.CREATE, Optional.empty(),
                Optional.empty(), Optional.empty())).isInstanceOf(NullPointerException.class).hasMessage("createdBy");
        assertThatThrownBy(() -> new JobVersion(JOB, 1, FIRST, "p", 0, null, Optional.empty(),
                Optional.empty(), Optional.empty())).isInstanceOf(NullPointerException.class).hasMessage("why");
        assertThatThrownBy(() -> new JobVersion(JOB, 1, FIRST, "p", 0, VersionReason.CREATE, null,
                Optional.empty(), Optional.empty())).isInstanceOf(NullPointerException.class).hasMessage("stateCheck");
        assertThatThrownBy(() -> new JobVersion(JOB, 1, FIRST, "p", 0, VersionReason.CREATE, Optional.empty(),
                null, Optional.empty())).isInstanceOf(NullPointerException.class).hasMessage("savepointAtStop");
        assertThatThrownBy(() -> new JobVersion(JOB, 1, FIRST, "p", 0, VersionReason.CREATE, Optional.empty(),
                Optional.empty(), null)).isInstanceOf(NullPointerException.class).hasMessage("rolledBackFrom");
    }
}
