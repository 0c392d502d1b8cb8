package dev.dlirun.domain.stop;

import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.outcome.JobOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Optional;

import static dev.dlirun.domain.stop.StopMode.CANCEL;
import static dev.dlirun.domain.stop.StopMode.WITH_SAVEPOINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StopRulesTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobId ID = JobId.of(131);

    private static Optional<Job> job(JobStatus status) {
        return Optional.of(new Job(PROJECT, ID, status, false));
    }

    @ParameterizedTest
    @EnumSource(StopMode.class)
    void aJobThatIsNotThereIsNotFound(StopMode mode) {
        assertThat(StopRules.decide(ID, Optional.empty(), mode))
                .isEqualTo(Decision.refuse(new JobOutcome.NotFound(ID)));
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"JOB_SUBMITTING", "JOB_RUNNING", "JOB_RUNNING_EXCEPTION"})
    void aStartingRunningOrFailingJobIsCancelled(JobStatus status) {
        assertThat(StopRules.decide(ID, job(status), CANCEL)).isEqualTo(Decision.ALLOW);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"JOB_SUBMITTING", "JOB_RUNNING", "JOB_RUNNING_EXCEPTION"},
            mode = EnumSource.Mode.EXCLUDE)
    void aJobInAnyOtherStatusIsNotStoppableWhateverTheMode(JobStatus status) {
        for (StopMode mode : StopMode.values()) {
            assertThat(StopRules.decide(ID, job(status), mode))
                    .isEqualTo(Decision.refuse(new JobOutcome.NotStoppable(ID, status)));
        }
    }

    @Test
    void onlyARunningJobCanBeStoppedWithASavepoint() {
        assertThat(StopRules.decide(ID, job(JobStatus.JOB_RUNNING), WITH_SAVEPOINT)).isEqualTo(Decision.ALLOW);
        for (JobStatus status : new JobStatus[] {JobStatus.JOB_SUBMITTING, JobStatus.JOB_RUNNING_EXCEPTION}) {
            assertThat(StopRules.decide(ID, job(status), WITH_SAVEPOINT))
                    .isEqualTo(Decision.refuse(new JobOutcome.CannotTakeSavepoint(ID, status)));
        }
    }

    @Test
    void aJobOfAnotherIdIsAProgrammingError() {
        Job other = new Job(PROJECT, JobId.of(130), JobStatus.JOB_RUNNING, false);
        assertThatThrownBy(() -> StopRules.decide(ID, Optional.of(other), CANCEL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theModeFollowsTriggerSavepoint() {
        assertThat(StopMode.triggeringSavepoint(true)).isEqualTo(WITH_SAVEPOINT);
        assertThat(StopMode.triggeringSavepoint(false)).isEqualTo(CANCEL);
        assertThat(WITH_SAVEPOINT.takesSavepoint()).isTrue();
        assertThat(CANCEL.takesSavepoint()).isFalse();
    }
}
