package dev.dlirun.application;

import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobDefinitions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobDefinitionServiceTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    /** A backend that records the batches it was asked to delete and answers what the test says per id. */
    private static final class Backend implements JobDefinitions {
        final List<List<JobId>> deletes = new ArrayList<>();
        Function<JobId, JobOutcome> outcome = id -> new JobOutcome.Delivered(JobOperation.DELETE, id);
        int creates;
        final List<Object> asked = new ArrayList<>();

        @Override
        public NewJob create(ProjectId projectId, JobType type, JobFields fields, Deadline deadline) {
            creates++;
            asked.addAll(List.of(projectId, type, fields));
            return new NewJob(JobId.of(1), JobStatus.JOB_INIT);
        }

        @Override
        public dev.dlirun.domain.definition.JobUpdate update(ProjectId projectId, JobId id, boolean jarEndpoint,
                                                            JobFields changes, Deadline deadline) {
            asked.addAll(List.of(projectId, id, jarEndpoint, changes));
            return dev.dlirun.domain.definition.JobUpdate.at(Instant.EPOCH);
        }

        @Override
        public JobPage list(JobQuery query, Deadline deadline) {
            asked.add(query);
            return new JobPage(0, List.of());
        }

        @Override
        public Map<JobId, JobOutcome> delete(ProjectId projectId, List<JobId> ids, Deadline deadline) {
            deletes.add(ids);
            Map<JobId, JobOutcome> outcomes = new HashMap<>();
            ids.forEach(id -> outcomes.put(id, outcome.apply(id)));
            return outcomes;
        }
    }

    private final Backend backend = new Backend();
    private final JobDefinitionService service = new JobDefinitionService(backend, 3, Duration.ofSeconds(5));

    @Test
    void aBatchDeleteDeletesEachJobOnceAndAnswersInTheCallersOrder() {
        backend.outcome = id -> id.value() == 2 ? new JobOutcome.NotFound(id) : new JobOutcome.Delivered(JobOperation.DELETE, id);

        List<JobOutcome> outcomes = service.delete(PROJECT, List.of(JobId.of(1), JobId.of(2), JobId.of(1)));

        assertThat(backend.deletes).containsExactly(List.of(JobId.of(1), JobId.of(2)));
        assertThat(outcomes).containsExactly(new JobOutcome.Delivered(JobOperation.DELETE, JobId.of(1)),
                new JobOutcome.NotFound(JobId.of(2)), new JobOutcome.Delivered(JobOperation.DELETE, JobId.of(1)));
    }

    @Test
    void aBatchDeleteOfNoJobOrOfTooManyIsRefusedBeforeTheBackendIsAsked() {
        assertThatThrownBy(() -> service.delete(PROJECT, List.of())).isInstanceOf(InvalidInputException.class)
                .hasMessage("job_ids must not be empty.");
        assertThatThrownBy(() -> service.delete(PROJECT, List.of(JobId.of(1), JobId.of(2), JobId.of(3), JobId.of(4))))
                .hasMessage("job_ids must hold at most 3 ids, not 4.");
        assertThat(backend.deletes).isEmpty();
    }

    @Test
    void deletingOneJobAnswersItsOutcomeAsTheExceptionOfAPerJobEndpoint() {
        backend.outcome = JobOutcome.NotFound::new;
        assertThatThrownBy(() -> service.delete(PROJECT, JobId.of(5))).isInstanceOf(JobNotFoundException.class);
        backend.outcome = id -> new JobOutcome.BackendRefused(id, "DLI.0007: busy");
        assertThatThrownBy(() -> service.delete(PROJECT, JobId.of(5))).isInstanceOf(OperationNotAllowedException.class)
                .hasMessage("DLI.0007: busy");
        backend.outcome = id -> new JobOutcome.Uncertain(JobOperation.DELETE, id, "DLI did not answer in time");
        assertThatThrownBy(() -> service.delete(PROJECT, JobId.of(5))).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("may or may not have been deleted");
    }

    @Test
    void aJobWithoutANameOrAJarJobWithoutItsJarIsNotCreated() {
        assertThatThrownBy(() -> service.create(PROJECT, JobType.FLINK_SQL_JOB, JobFields.EMPTY))
                .hasMessage("name is required.");
        assertThatThrownBy(() -> service.create(PROJECT, JobType.FLINK_JAR_JOB, JobFields.parse(Map.of("name", "j"))))
                .hasMessage("entrypoint is required: the jar the job runs.");
        assertThat(backend.creates).isZero();
    }

    @Test
    void createUpdateAndListAskTheBackendAndAnswerWhatItSays() {
        JobFields jar = JobFields.parse(Map.of("name", "j", "entrypoint", "obs://bucket/job.jar"));
        assertThat(service.create(PROJECT, JobType.FLINK_JAR_JOB, jar))
                .isEqualTo(new NewJob(JobId.of(1), JobStatus.JOB_INIT));
        assertThat(backend.asked).containsExactly(PROJECT, JobType.FLINK_JAR_JOB, jar);

        backend.asked.clear();
        JobFields changes = JobFields.parse(Map.of("smn_topic", "t"));
        assertThat(service.update(PROJECT, JobId.of(5), true, changes))
                .isEqualTo(dev.dlirun.domain.definition.JobUpdate.at(Instant.EPOCH));
        assertThat(backend.asked).containsExactly(PROJECT, JobId.of(5), true, changes);

        backend.asked.clear();
        JobQuery query = JobQuery.all(PROJECT);
        assertThat(service.list(query)).isEqualTo(new JobPage(0, List.of()));
        assertThat(backend.asked).containsExactly(query);
    }

    @Test
    void aBackendThatLeavesAJobOfADeleteUnansweredIsAProgrammingError() {
        backend.outcome = id -> id.value() == 2 ? null : new JobOutcome.Delivered(JobOperation.DELETE, id);

        assertThatThrownBy(() -> service.delete(PROJECT, List.of(JobId.of(1), JobId.of(2))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("JobDefinitions gave no answer for job 2");
    }
}
