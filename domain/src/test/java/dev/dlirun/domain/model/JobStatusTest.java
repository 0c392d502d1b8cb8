package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class JobStatusTest {

    @Test
    void hasExactlyDlisFourteenStatusesByWireName() {
        assertThat(Arrays.stream(JobStatus.values()).map(JobStatus::wireName)).containsExactlyInAnyOrder(
                "job_init", "job_submitting", "job_submit_fail", "job_running", "job_running_exception",
                "job_downloading", "job_idle", "job_canceling", "job_cancel_success", "job_cancel_fail",
                "job_savepointing", "job_arrearage_stopped", "job_arrearage_recovering", "job_finish");
    }

    @Test
    void onlyInitSubmitFailCancelSuccessFinishAndIdleAreStartable() {
        assertThat(Arrays.stream(JobStatus.values()).filter(JobStatus::isStartable)).containsExactlyInAnyOrder(
                JobStatus.JOB_INIT, JobStatus.JOB_SUBMIT_FAIL, JobStatus.JOB_CANCEL_SUCCESS,
                JobStatus.JOB_FINISH, JobStatus.JOB_IDLE);
    }

    @Test
    void onlySubmittingRunningAndRunningExceptionAreStoppable() {
        assertThat(Arrays.stream(JobStatus.values()).filter(JobStatus::isStoppable)).containsExactlyInAnyOrder(
                JobStatus.JOB_SUBMITTING, JobStatus.JOB_RUNNING, JobStatus.JOB_RUNNING_EXCEPTION);
    }

    @Test
    void parsesWireNamesAndNothingElse() {
        for (JobStatus status : JobStatus.values()) {
            assertThat(JobStatus.fromWireName(status.wireName())).contains(status);
        }
        assertThat(JobStatus.fromWireName("job_finished")).isEmpty();
        assertThat(JobStatus.fromWireName("JOB_RUNNING")).isEmpty();
        assertThat(JobStatus.fromWireName(null)).isEmpty();
    }

    @Test
    void showsAsItsWireName() {
        assertThat(JobStatus.JOB_RUNNING_EXCEPTION).hasToString("job_running_exception");
        assertThat(JobStatus.JOB_INIT).hasToString("job_init");
    }
}
