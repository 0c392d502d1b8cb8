package dev.dlirun.application;

import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobCheckpoints;
import dev.dlirun.domain.insight.JobExceptions;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobInsight;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InspectJobsServiceTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    /** A backend that measures every job as "not run", and remembers each batch it was asked. */
    private final List<List<JobId>> asked = new CopyOnWriteArrayList<>();
    private final JobInsight insight = new JobInsight() {
        @Override
        public ExecutionGraph executionGraph(ProjectId projectId, JobId id, Deadline deadline) {
            asked.add(List.of(id));
            return new ExecutionGraph(projectId.value() + "/" + id, "job " + id, "RUNNING", false, 1, -1, 2);
        }

        @Override
        public Map<JobId, JobMetrics> metrics(ProjectId projectId, List<JobId> ids, Deadline deadline) {
            asked.add(ids);
            Map<JobId, JobMetrics> answers = new HashMap<>();
            ids.forEach(id -> answers.put(id, JobMetrics.none(id, "job " + id + " has not run")));
            return answers;
        }

        @Override
        public JobExceptions exceptions(ProjectId projectId, JobId id, Deadline deadline) {
            asked.add(List.of(id));
            return new JobExceptions(List.of(new JobExceptions.Failure(projectId.value() + " failed", 3,
                    java.util.Optional.empty(), java.util.Optional.empty())), false);
        }

        @Override
        public JobCheckpoints checkpoints(ProjectId projectId, JobId id, Deadline deadline) {
            asked.add(List.of(id));
            return new JobCheckpoints(true, id.value(), 0, 0, java.util.Optional.empty(), java.util.Optional.empty());
        }
    };
    private final InspectJobsService service = new InspectJobsService(insight, 3, Duration.ofSeconds(5));

    @Test
    void aBatchOfMetricsAsksEachDistinctJobOnceAndAnswersEveryIdInTheCallersOrder() {
        List<JobMetrics> answer = service.metrics(PROJECT, List.of(JobId.of(2), JobId.of(1), JobId.of(2)));

        assertThat(answer).extracting(JobMetrics::jobId).containsExactly(JobId.of(2), JobId.of(1), JobId.of(2));
        assertThat(asked).containsExactly(List.of(JobId.of(2), JobId.of(1)));
    }

    @Test
    void anEmptyOrOversizedBatchIsRefusedBeforeTheBackendIsAsked() {
        assertThatThrownBy(() -> service.metrics(PROJECT, List.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("job_ids");
        assertThatThrownBy(() -> service.metrics(PROJECT, List.of(JobId.of(1), JobId.of(2), JobId.of(3),
                JobId.of(4)))).isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 3");
        assertThat(asked).isEmpty();
    }

    @Test
    void aSingleJobsGraphFailuresAndCheckpointsAreTheBackendsAnswersForThatJob() {
        assertThat(service.executionGraph(PROJECT, JobId.of(7)).runId()).isEqualTo("p1/7");
        assertThat(service.exceptions(PROJECT, JobId.of(8)).failures()).extracting(JobExceptions.Failure::cause)
                .containsExactly("p1 failed");
        assertThat(service.checkpoints(PROJECT, JobId.of(9)).completed()).isEqualTo(9);
        assertThat(asked).containsExactly(List.of(JobId.of(7)), List.of(JobId.of(8)), List.of(JobId.of(9)));
    }

    @Test
    void aBackendThatLeavesAJobOfTheBatchUnansweredIsABugNotAnAnswer() {
        InspectJobsService forgetful = new InspectJobsService(new JobInsight() {
            @Override
            public ExecutionGraph executionGraph(ProjectId projectId, JobId id, Deadline deadline) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Map<JobId, JobMetrics> metrics(ProjectId projectId, List<JobId> ids, Deadline deadline) {
                return Map.of(ids.get(0), JobMetrics.none(ids.get(0), "not run"));
            }

            @Override
            public JobExceptions exceptions(ProjectId projectId, JobId id, Deadline deadline) {
                throw new UnsupportedOperationException();
            }

            @Override
            public JobCheckpoints checkpoints(ProjectId projectId, JobId id, Deadline deadline) {
                throw new UnsupportedOperationException();
            }
        }, 3, Duration.ofSeconds(5));

        assertThatThrownBy(() -> forgetful.metrics(PROJECT, List.of(JobId.of(1), JobId.of(2))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBatchMaximumBelowOneIsRefusedAndOneIsTaken() {
        assertThatThrownBy(() -> new InspectJobsService(insight, 0, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBatchSize must be at least 1, not 0");
        InspectJobsService one = new InspectJobsService(insight, 1, Duration.ofSeconds(5));
        assertThat(one.metrics(PROJECT, List.of(JobId.of(4)))).hasSize(1);
    }
}
