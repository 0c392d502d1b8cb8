package dev.dlirun.adapters.client.local.engine.alert;

import dev.dlirun.adapters.client.local.model.Alert;
import dev.dlirun.adapters.client.local.model.AlertKind;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.RunEvent;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which changes of a job's run raise which alert: the rules alone, on the run's own state machine. */
class AlertRulesTest {

    private static final AlertRules RULES = new AlertRules(AlertSettings.of(Map.of("ops",
            URI.create("http://127.0.0.1:9/alerts")), "0123456789abcdef"), "the test cluster");

    private static LocalJob job(JobStatus status, String topic) {
        LocalJob job = TestJobs.job(ProjectId.of("p1"), 7, status, false);
        return job.with(job.definition().updatedWith(JobFields.of(Map.of(JobField.SMN_TOPIC, topic))));
    }

    private static List<Alert> after(LocalJob before, RunEvent event) {
        LocalJob after = before.run().on(event, 1000).map(before::with).orElse(before);
        return RULES.onChange(before, event, after, 1000);
    }

    @Test
    void aFailureForGoodOfARunningOrFailingJobRaisesJobFailedWithItsRootCause() {
        assertThat(after(job(JobStatus.JOB_RUNNING, "ops"), new RunEvent.Failed(false, "boom")))
                .singleElement().satisfies(alert -> {
                    assertThat(alert.kind()).isEqualTo(AlertKind.JOB_FAILED);
                    assertThat(alert.status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION);
                    assertThat(alert.statusDesc()).isEqualTo("boom");
                    assertThat(alert.topic()).isEqualTo("ops");
                    assertThat(alert.cluster()).isEqualTo("the test cluster");
                });
        assertThat(after(job(JobStatus.JOB_RUNNING_EXCEPTION, "ops"), new RunEvent.Failed(false, "boom")))
                .extracting(Alert::kind).containsExactly(AlertKind.JOB_FAILED);
        assertThat(after(job(JobStatus.JOB_SUBMITTING, "ops"), new RunEvent.LaunchFailed("refused")))
                .extracting(Alert::status).containsExactly(JobStatus.JOB_SUBMIT_FAIL);
        assertThat(after(job(JobStatus.JOB_RUNNING, "ops"), new RunEvent.Gone(RunEvent.LOST)))
                .extracting(Alert::kind).containsExactly(AlertKind.JOB_FAILED);
    }

    @Test
    void aRestartAStopAndALaunchFoundGoneAfterItsFailureRaiseNone() {
        assertThat(after(job(JobStatus.JOB_RUNNING, "ops"), new RunEvent.Failing("restarting"))).isEmpty();
        assertThat(after(job(JobStatus.JOB_CANCELING, "ops"), new RunEvent.Failed(false, "boom"))).isEmpty();
        assertThat(after(job(JobStatus.JOB_RUNNING_EXCEPTION, "ops"),
                new RunEvent.Gone(RunEvent.STOPPED_WITHOUT_CHECKPOINT))).isEmpty();
        assertThat(after(job(JobStatus.JOB_FINISH, "ops"), new RunEvent.Failed(false, "late news"))).isEmpty();
    }

    @Test
    void aStopWhoseSavepointFailedRaisesOneAlertATriggeredSavepointNone() {
        assertThat(after(job(JobStatus.JOB_SAVEPOINTING, "ops"), new RunEvent.StopWithSavepointFailed("timeout")))
                .extracting(Alert::kind).containsExactly(AlertKind.STOP_SAVEPOINT_FAILED);
        assertThat(after(job(JobStatus.JOB_RUNNING, "ops"), new RunEvent.TriggeredSavepointFailed("timeout")))
                .isEmpty();
    }

    @Test
    void onlyConfiguredTopicsGetAlertsAndClusterAlertsGoToEveryChannel() {
        assertThat(after(job(JobStatus.JOB_RUNNING, "elsewhere"), new RunEvent.Failed(false, "boom"))).isEmpty();
        assertThat(after(job(JobStatus.JOB_RUNNING, " "), new RunEvent.Failed(false, "boom"))).isEmpty();
        assertThat(RULES.aboutCluster(AlertKind.CLUSTER_UNREACHABLE, "refused", 5)).singleElement()
                .satisfies(alert -> {
                    assertThat(alert.topic()).isEqualTo("ops");
                    assertThat(alert.jobId()).isNull();
                });
        assertThat(AlertRules.NONE.onChange(job(JobStatus.JOB_RUNNING, "ops"), new RunEvent.Failed(false, "x"),
                job(JobStatus.JOB_RUNNING_EXCEPTION, "ops"), 1)).isEmpty();
    }
}
