package dev.dlirun.domain.version;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.outcome.JobOutcome;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class VersionRulesTest {

    private static final JobId JOB = JobId.of(131);

    @Test
    void aJobIsRolledBackInTheStatusesARunCouldStartItFromAndRefusedInEveryOther() {
        for (JobStatus status : JobStatus.values()) {
            Decision decision = VersionRules.decideRollback(JOB, status, 2);
            if (status.isStartable()) {
                assertThat(decision).as(status.wireName()).isEqualTo(Decision.ALLOW);
            } else {
                assertThat(decision).as(status.wireName()).isEqualTo(Decision.refuse(new JobOutcome.NotChangeable(JOB,
                        "Job 131 is " + status.wireName() + ": while it runs its code cannot change. Stop it first to "
                                + "roll it back to version 2.")));
            }
        }
        assertThat(Arrays.stream(JobStatus.values()).filter(status -> !status.isStartable())).isNotEmpty();
        assertThat(VersionRules.decideRollback(JOB, JobStatus.JOB_RUNNING, 1)).isInstanceOf(Decision.Refuse.class);
    }

    @Test
    void aVersionTheJobDoesNotHaveIsABadInputNamingTheOnesItHas() {
        InvalidInputException beyond = VersionRules.noSuchVersion(JOB, 7, Optional.of(3));
        assertThat(beyond.field()).isEqualTo("version");
        assertThat(beyond).hasMessage("version 7 is not a version of job 131 (its versions are 1 to 3).");
        assertThat(VersionRules.noSuchVersion(JOB, 1, Optional.empty()))
                .hasMessage("version 1 is not a version of job 131 (it has no versions).");
    }
}
