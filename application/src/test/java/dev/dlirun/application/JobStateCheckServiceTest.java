package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateCheckRequest;
import dev.dlirun.domain.state.StateCheckResult;
import dev.dlirun.domain.state.StateVerdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobStateCheckServiceTest {

    @Test
    void theBackendChecksTheStateWithinTheRequestsBudgetAndItsResultIsTheAnswer() {
        List<Deadline> deadlines = new ArrayList<>();
        StateCheckResult incompatible = new StateCheckResult(StateVerdict.incompatible("no", List.of()), "file:/s",
                StateCheckResult.Source.SAVEPOINT);
        StateCheckResult other = new StateCheckResult(StateVerdict.compatible("ok"), "file:/t",
                StateCheckResult.Source.NAMED);
        JobStateCheckService service = new JobStateCheckService((projectId, id, request, deadline) -> {
            deadlines.add(deadline);
            return projectId.equals(ProjectId.of("p1")) && id.equals(JobId.of(7))
                    && request.equals(StateCheckRequest.asItIs()) ? incompatible : other;
        }, Duration.ofSeconds(5));

        assertThat(service.check(ProjectId.of("p1"), JobId.of(7), StateCheckRequest.asItIs())).isEqualTo(incompatible);
        assertThat(deadlines).singleElement().satisfies(deadline ->
                assertThat(deadline.remaining()).isLessThanOrEqualTo(Duration.ofSeconds(5)).isPositive());
        assertThatThrownBy(() -> service.check(null, JobId.of(7), StateCheckRequest.asItIs()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> service.check(ProjectId.of("p1"), null, StateCheckRequest.asItIs()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> service.check(ProjectId.of("p1"), JobId.of(7), null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobStateCheckService(null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobStateCheckService((p, i, r, d) -> other, null))
                .isInstanceOf(NullPointerException.class);
    }
}
