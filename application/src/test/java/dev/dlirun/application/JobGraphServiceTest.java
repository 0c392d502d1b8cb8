package dev.dlirun.application;

import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphType;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobGraphServiceTest {

    @Test
    void theBackendChecksTheJobWithinTheRequestsBudgetAndItsVerdictIsTheAnswer() {
        List<Deadline> deadlines = new ArrayList<>();
        GraphVerdict refused = new GraphVerdict.Refused(GraphVerdict.DOES_NOT_PLAN, "Statement 1 (line 1): no.");
        JobGraphService service = new JobGraphService((projectId, id, check, deadline) -> {
            deadlines.add(deadline);
            return projectId.equals(ProjectId.of("p1")) && id.equals(JobId.of(7))
                    && check.type() == GraphType.JOB_GRAPH ? refused : new GraphVerdict.Planned("{}");
        }, Duration.ofSeconds(5));

        assertThat(service.check(ProjectId.of("p1"), JobId.of(7), GraphCheck.of(GraphType.JOB_GRAPH)))
                .isEqualTo(refused);
        assertThat(deadlines).singleElement().satisfies(deadline ->
                assertThat(deadline.remaining()).isLessThanOrEqualTo(Duration.ofSeconds(5)).isPositive());
    }
}
