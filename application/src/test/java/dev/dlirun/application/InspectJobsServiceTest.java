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
            throw new UnsupportedOperationException();
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
            throw new UnsupportedOperationException();
        }

        @Override
        public JobCheckpoints checkpoints(ProjectId projectId, JobId id, Deadline deadline) {
            throw new UnsupportedOperationException();
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
}
