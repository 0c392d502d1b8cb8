package dev.dlirun.domain.outcome;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.dlirun.domain.outcome.JobOperation.DELETE;
import static dev.dlirun.domain.outcome.JobOperation.RUN;
import static dev.dlirun.domain.outcome.JobOperation.STOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobOutcomeTest {

    private static final JobId ID = JobId.of(131);

    @Test
    void aDeliveredOutcomeSaysDlisMessageOfItsOperation() {
        assertThat(new JobOutcome.Delivered(RUN, ID))
                .returns(true, JobOutcome::delivered)
                .returns("The request for submitting DLI jobs is successfully delivered.", JobOutcome::message)
                .returns("submitted", JobOutcome::kind);
        assertThat(new JobOutcome.Delivered(STOP, ID))
                .returns(true, JobOutcome::delivered)
                .returns("The request for stopping DLI jobs is successfully delivered.", JobOutcome::message)
                .returns("delivered", JobOutcome::kind);
        assertThat(new JobOutcome.Delivered(DELETE, ID))
                .returns(true, JobOutcome::delivered)
                .returns("The job is successfully deleted.", JobOutcome::message)
                .returns("deleted", JobOutcome::kind);
    }

    @Test
    void runRefusalsAreNotDeliveredAndSayWhyInTheContractsWords() {
        assertThat(new JobOutcome.NotFound(ID))
                .returns(false, JobOutcome::delivered)
                .returns("Job 131 does not exist.", JobOutcome::message)
                .returns("not_found", JobOutcome::kind);
        assertThat(new JobOutcome.NotStartable(ID, JobStatus.JOB_RUNNING))
                .returns(false, JobOutcome::delivered)
                .returns("Job 131 cannot be started in status job_running.", JobOutcome::message)
                .returns("not_startable", JobOutcome::kind);
        assertThat(new JobOutcome.NoSavepoint(ID))
                .returns(false, JobOutcome::delivered)
                .returns("Job 131 has no savepoint to resume from.", JobOutcome::message)
                .returns("no_savepoint", JobOutcome::kind);
        assertThat(new JobOutcome.BackendRefused(ID, "DLI.13024: No job-running queue selected"))
                .returns(false, JobOutcome::delivered)
                .returns("DLI.13024: No job-running queue selected", JobOutcome::message)
                .returns("backend_refused", JobOutcome::kind);
        assertThat(new JobOutcome.Uncertain(RUN, ID, "DLI did not answer within 10 s"))
                .returns(false, JobOutcome::delivered)
                .returns("Job 131 may or may not have been submitted (DLI did not answer within 10 s); "
                        + "check its status before running it again.", JobOutcome::message)
                .returns("submission_uncertain", JobOutcome::kind);
        assertThat(new JobOutcome.BackendUnavailable(RUN, ID))
                .returns(false, JobOutcome::delivered)
                .returns("Job 131 was not started: the job backend is unavailable. Retry later.",
                        JobOutcome::message)
                .returns("backend_unavailable", JobOutcome::kind);
    }

    @Test
    void stopRefusalsAreNotDeliveredAndSayWhyInTheContractsWords() {
        assertThat(new JobOutcome.NotStoppable(ID, JobStatus.JOB_FINISH))
                .returns(false, JobOutcome::delivered)
                .returns("Job 131 cannot be stopped in status job_finish.", JobOutcome::message)
                .returns("not_stoppable", JobOutcome::kind);
        assertThat(new JobOutcome.CannotTakeSavepoint(ID, JobStatus.JOB_SUBMITTING))
                .returns(false, JobOutcome::delivered)
                .returns("Job 131 cannot take a savepoint in status job_submitting.", JobOutcome::message)
                .returns("cannot_take_savepoint", JobOutcome::kind);
        assertThat(new JobOutcome.Uncertain(STOP, ID, "the connection to DLI failed"))
                .returns(false, JobOutcome::delivered)
                .returns("Job 131 may or may not have been stopped (the connection to DLI failed); "
                        + "check its status before stopping it again.", JobOutcome::message)
                .returns("stop_uncertain", JobOutcome::kind);
        assertThat(new JobOutcome.BackendUnavailable(STOP, ID))
                .returns("Job 131 was not stopped: the job backend is unavailable. Retry later.",
                        JobOutcome::message);
    }

    @Test
    void deleteRefusalsAreNotDeliveredAndSayWhyInTheContractsWords() {
        assertThat(new JobOutcome.Uncertain(DELETE, ID, "DLI answered HTTP 502"))
                .returns(false, JobOutcome::delivered)
                .returns("Job 131 may or may not have been deleted (DLI answered HTTP 502); "
                        + "look it up before deleting it again.", JobOutcome::message)
                .returns("delete_uncertain", JobOutcome::kind);
        assertThat(new JobOutcome.BackendUnavailable(DELETE, ID))
                .returns(false, JobOutcome::delivered)
                .returns("Job 131 was not deleted: the job backend is unavailable. Retry later.",
                        JobOutcome::message);
    }

    @Test
    void anUpdateRefusalSaysItsReason() {
        assertThat(new JobOutcome.NotChangeable(ID, "Stop it first."))
                .returns(false, JobOutcome::delivered)
                .returns("Stop it first.", JobOutcome::message)
                .returns("not_changeable", JobOutcome::kind);
    }

    @Test
    void theOperationsNameWhatTheyDo() {
        assertThat(RUN.verb()).isEqualTo("start");
        assertThat(STOP.verb()).isEqualTo("stop");
        assertThat(DELETE.verb()).isEqualTo("delete");
        assertThat(RUN.done()).isEqualTo("started");
        assertThat(RUN.deliveredMessage()).isEqualTo(new JobOutcome.Delivered(RUN, ID).message());
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"JOB_INIT", "JOB_SUBMIT_FAIL", "JOB_CANCEL_SUCCESS", "JOB_FINISH",
            "JOB_IDLE"})
    void aStartableStatusCannotBeTheReasonAJobIsNotStartable(JobStatus status) {
        assertThatThrownBy(() -> new JobOutcome.NotStartable(ID, status))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusalNeedsAReason() {
        assertThatThrownBy(() -> new JobOutcome.BackendRefused(ID, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobOutcome.BackendRefused(ID, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobOutcome.NotChangeable(ID, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobOutcome.NotChangeable(ID, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyOutcomeNamesItsJob() {
        assertThatThrownBy(() -> new JobOutcome.Delivered(RUN, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobOutcome.Delivered(null, ID)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobOutcome.NotFound(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobOutcome.Uncertain(RUN, ID, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobOutcome.BackendUnavailable(null, ID))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobOutcome.NotStoppable(ID, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobOutcome.CannotTakeSavepoint(null, JobStatus.JOB_INIT))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobOutcome.NoSavepoint(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aRefusalDecisionCannotCarryADeliveredOutcome() {
        assertThatThrownBy(() -> new Decision.Refuse(new JobOutcome.Delivered(RUN, ID)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision.Refuse(null)).isInstanceOf(NullPointerException.class);
        assertThat(Decision.refuse(new JobOutcome.NotFound(ID)))
                .isEqualTo(new Decision.Refuse(new JobOutcome.NotFound(ID)));
    }
}
