package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.Alert;
import dev.dlirun.adapters.client.local.model.AlertKind;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The alerts' outbox of each catalogue: written with the job's change or not at all, and kept until delivered. */
class AlertOutboxTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    static Stream<Supplier<JobCatalogue>> catalogues() {
        return Stream.of(JdbcJobCatalogue::inMemory, InMemoryJobCatalogue::new);
    }

    private static Alert failed(LocalJob job, long now) {
        return new Alert(UUID.randomUUID().toString(), AlertKind.JOB_FAILED, "ops", now, job.projectId(), job.id(),
                job.name(), job.status(), "NumberFormatException: For input string: 'x'", "a local Flink cluster");
    }

    private static LocalJob failing(LocalJob job) {
        return TestJobs.inStatus(job, JobStatus.JOB_RUNNING_EXCEPTION);
    }

    @ParameterizedTest
    @MethodSource("catalogues")
    void anAlertIsWrittenWithTheChangeThatRaisesItAndIsDueUntilDelivered(Supplier<JobCatalogue> made) {
        JobCatalogue catalogue = made.get();
        catalogue.addIfAbsent(TestJobs.job(PROJECT, 1, JobStatus.JOB_RUNNING, false));

        LocalJob stored = catalogue.update(PROJECT, JobId.of(1), AlertOutboxTest::failing,
                (before, after) -> before.status() != after.status() ? List.of(failed(after, 1000)) : List.of())
                .orElseThrow();

        assertThat(stored.status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION);
        AlertOutbox outbox = catalogue.alertOutbox();
        List<AlertOutbox.Pending> due = outbox.due(1000, 10);
        assertThat(due).singleElement().satisfies(pending -> {
            assertThat(pending.attempts()).isZero();
            assertThat(pending.alert().jobId()).isEqualTo(JobId.of(1));
            assertThat(pending.alert().status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION);
            assertThat(pending.alert().statusDesc()).isEqualTo("NumberFormatException: For input string: 'x'");
            assertThat(pending.alert().cluster()).isEqualTo("a local Flink cluster");
        });
        String id = due.get(0).alert().id();

        outbox.failed(id, 1, 3000, "the channel answered HTTP 503");
        assertThat(outbox.due(2999, 10)).isEmpty();
        assertThat(outbox.due(3000, 10)).singleElement().satisfies(p -> assertThat(p.attempts()).isEqualTo(1));

        outbox.delivered(id, 3100);
        assertThat(outbox.due(Long.MAX_VALUE, 10)).isEmpty();
        assertThat(outbox.pendingCount()).isZero();
    }

    @ParameterizedTest
    @MethodSource("catalogues")
    void aChangeThatFailsWritesNoAlertAndAJobThatIsNotThereRaisesNone(Supplier<JobCatalogue> made) {
        JobCatalogue catalogue = made.get();
        catalogue.addIfAbsent(TestJobs.job(PROJECT, 1, JobStatus.JOB_RUNNING, false));

        assertThatThrownBy(() -> catalogue.update(PROJECT, JobId.of(1), job -> {
            throw new IllegalStateException("the change failed");
        }, (before, after) -> List.of(failed(after, 1000)))).isInstanceOf(IllegalStateException.class);
        assertThat(catalogue.update(PROJECT, JobId.of(2), AlertOutboxTest::failing,
                (before, after) -> List.of(failed(after, 1000)))).isEmpty();

        assertThat(catalogue.alertOutbox().due(Long.MAX_VALUE, 10)).isEmpty();
        assertThat(catalogue.find(PROJECT, JobId.of(1)).orElseThrow().status()).isEqualTo(JobStatus.JOB_RUNNING);
    }

    @Test
    void anAlertTheDatabaseRejectsRollsTheJobsChangeBack() {
        JdbcJobCatalogue catalogue = JdbcJobCatalogue.inMemory();
        catalogue.addIfAbsent(TestJobs.job(PROJECT, 1, JobStatus.JOB_RUNNING, false));
        LocalJob job = catalogue.find(PROJECT, JobId.of(1)).orElseThrow();
        Alert twice = failed(job, 1000);
        catalogue.alertOutbox().add(List.of(twice));

        // The same id again: the insert fails, and with it the change it came with.
        assertThatThrownBy(() -> catalogue.update(PROJECT, JobId.of(1), AlertOutboxTest::failing,
                (before, after) -> List.of(twice))).isInstanceOf(JdbcJobCatalogue.CatalogueUnavailableException.class);

        assertThat(catalogue.find(PROJECT, JobId.of(1)).orElseThrow().status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(catalogue.lookUp(PROJECT, List.of(JobId.of(1))).get(JobId.of(1)).status())
                .isEqualTo(JobStatus.JOB_RUNNING);
        catalogue.close();
    }

    @Test
    void pendingAlertsSurviveTheProcessAndDeliveredOnesAreNotDueAgain(@TempDir Path data) {
        Alert first;
        Alert second;
        try (JdbcJobCatalogue catalogue = JdbcJobCatalogue.inDirectory(data)) {
            catalogue.addIfAbsent(TestJobs.job(PROJECT, 1, JobStatus.JOB_RUNNING, false));
            LocalJob job = catalogue.find(PROJECT, JobId.of(1)).orElseThrow();
            first = failed(job, 1000);
            second = new Alert(UUID.randomUUID().toString(), AlertKind.CLUSTER_UNREACHABLE, "ops", 2000, null, null,
                    null, null, "connection refused", "the Flink session cluster at http://flink:8081");
            catalogue.alertOutbox().add(List.of(first, second));
            catalogue.alertOutbox().delivered(first.id(), 1500);
        }
        try (JdbcJobCatalogue reopened = JdbcJobCatalogue.inDirectory(data)) {
            assertThat(reopened.alertOutbox().due(Long.MAX_VALUE, 10)).extracting(AlertOutbox.Pending::alert)
                    .containsExactly(second);
            reopened.alertOutbox().givenUp(second.id(), 3000, "no alert channel for topic ops");
            assertThat(reopened.alertOutbox().pendingCount()).isZero();
        }
    }
}
