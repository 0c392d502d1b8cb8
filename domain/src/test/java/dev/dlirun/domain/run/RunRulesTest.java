package dev.dlirun.domain.run;

import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Optional;

import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.outcome.JobOutcome;

import static dev.dlirun.domain.run.StartMode.FRESH;
import static dev.dlirun.domain.run.StartMode.RESUME_FROM_LATEST_SAVEPOINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunRulesTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobId ID = JobId.of(131);

    private static Job job(JobStatus status, boolean hasSavepoint) {
        return new Job(PROJECT, ID, status, hasSavepoint);
    }

    @ParameterizedTest
    @EnumSource(StartMode.class)
    void aJobThatIsNotThereIsNotFound(StartMode mode) {
        assertThat(RunRules.decide(ID, Optional.empty(), mode))
                .isEqualTo(new Decision.Refuse(new JobOutcome.NotFound(ID)));
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"JOB_INIT", "JOB_SUBMIT_FAIL", "JOB_CANCEL_SUCCESS",
            "JOB_FINISH", "JOB_IDLE"})
    void aJobInAStartableStatusStarts(JobStatus status) {
        Job job = job(status, false);
        assertThat(RunRules.decide(ID, Optional.of(job), FRESH)).isEqualTo(Decision.ALLOW);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"JOB_INIT", "JOB_SUBMIT_FAIL", "JOB_CANCEL_SUCCESS",
            "JOB_FINISH", "JOB_IDLE"}, mode = EnumSource.Mode.EXCLUDE)
    void aJobInAnyOtherStatusIsNotStartableWhateverTheMode(JobStatus status) {
        for (StartMode mode : StartMode.values()) {
            assertThat(RunRules.decide(ID, Optional.of(job(status, true)), mode))
                    .isEqualTo(new Decision.Refuse(new JobOutcome.NotStartable(ID, status)));
        }
    }

    @Test
    void resumingAJobWithoutSavepointIsRefused() {
        assertThat(RunRules.decide(ID, Optional.of(job(JobStatus.JOB_CANCEL_SUCCESS, false)),
                RESUME_FROM_LATEST_SAVEPOINT))
                .isEqualTo(new Decision.Refuse(new JobOutcome.NoSavepoint(ID)));
    }

    @Test
    void resumingAJobWithASavepointStarts() {
        Job job = job(JobStatus.JOB_CANCEL_SUCCESS, true);
        assertThat(RunRules.decide(ID, Optional.of(job), RESUME_FROM_LATEST_SAVEPOINT))
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void aMissingSavepointDoesNotMatterForAFreshStart() {
        Job job = job(JobStatus.JOB_INIT, false);
        assertThat(RunRules.decide(ID, Optional.of(job), FRESH)).isEqualTo(Decision.ALLOW);
    }

    @Test
    void theStatusRuleComesBeforeTheSavepointRule() {
        assertThat(RunRules.decide(ID, Optional.of(job(JobStatus.JOB_RUNNING, false)), RESUME_FROM_LATEST_SAVEPOINT))
                .isEqualTo(new Decision.Refuse(new JobOutcome.NotStartable(ID, JobStatus.JOB_RUNNING)));
    }

    @Test
    void aJobOfAnotherIdIsAProgrammingError() {
        Job other = new Job(PROJECT, JobId.of(130), JobStatus.JOB_INIT, false);
        assertThatThrownBy(() -> RunRules.decide(ID, Optional.of(other), FRESH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theModeFollowsResumeSavepoint() {
        assertThat(StartMode.resumingSavepoint(true)).isEqualTo(RESUME_FROM_LATEST_SAVEPOINT);
        assertThat(StartMode.resumingSavepoint(false)).isEqualTo(FRESH);
        assertThat(RESUME_FROM_LATEST_SAVEPOINT.resumesFromSavepoint()).isTrue();
        assertThat(FRESH.resumesFromSavepoint()).isFalse();
    }
}
