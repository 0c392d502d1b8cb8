package dev.dlirun.domain.run;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunOutcomeTest {

    private static final JobId ID = JobId.of(131);

    @Test
    void submittedIsDeliveredWithDlisMessage() {
        RunOutcome outcome = new RunOutcome.Submitted(ID);
        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.message()).isEqualTo("The request for submitting DLI jobs is successfully delivered.");
    }

    @Test
    void refusalsAreNotDeliveredAndSayWhyInTheContractsWords() {
        assertThat(new RunOutcome.NotFound(ID))
                .returns(false, RunOutcome::delivered)
                .returns("Job 131 does not exist.", RunOutcome::message);
        assertThat(new RunOutcome.NotStartable(ID, JobStatus.JOB_RUNNING))
                .returns(false, RunOutcome::delivered)
                .returns("Job 131 cannot be started in status job_running.", RunOutcome::message);
        assertThat(new RunOutcome.NoSavepoint(ID))
                .returns(false, RunOutcome::delivered)
                .returns("Job 131 has no savepoint to resume from.", RunOutcome::message);
        assertThat(new RunOutcome.BackendRefused(ID, "DLI.13024: No job-running queue selected"))
                .returns(false, RunOutcome::delivered)
                .returns("DLI.13024: No job-running queue selected", RunOutcome::message);
        assertThat(new RunOutcome.SubmissionUncertain(ID, "DLI did not answer within 10 s"))
                .returns(false, RunOutcome::delivered)
                .returns("Job 131 may or may not have been submitted (DLI did not answer within 10 s); "
                        + "check its status before running it again.", RunOutcome::message);
        assertThat(new RunOutcome.BackendUnavailable(ID))
                .returns(false, RunOutcome::delivered)
                .returns("Job 131 was not started: the job backend is unavailable. Retry later.",
                        RunOutcome::message);
    }

    @Test
    void aStartableStatusCannotBeTheReasonAJobIsNotStartable() {
        assertThatThrownBy(() -> new RunOutcome.NotStartable(ID, JobStatus.JOB_INIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBackendRefusalNeedsAReason() {
        assertThatThrownBy(() -> new RunOutcome.BackendRefused(ID, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusalDecisionCannotCarryADeliveredOutcome() {
        assertThatThrownBy(() -> new RunDecision.Refuse(new RunOutcome.Submitted(ID)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
