package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.stop.StopMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchStopCommandTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    @Test
    void keepsTheCallersOrderAndRepetitionsAndCannotBeChangedThroughTheListItWasMadeFrom() {
        List<JobId> ids = new ArrayList<>(List.of(JobId.of(3), JobId.of(1), JobId.of(3)));
        BatchStopCommand command = new BatchStopCommand(PROJECT, ids, StopMode.WITH_SAVEPOINT);
        ids.add(JobId.of(2));

        assertThat(command.jobIds()).containsExactly(JobId.of(3), JobId.of(1), JobId.of(3));
        assertThat(command.stopMode()).isEqualTo(StopMode.WITH_SAVEPOINT);
    }

    @Test
    void needsAtLeastOneJob() {
        assertThatThrownBy(() -> new BatchStopCommand(PROJECT, List.of(), StopMode.CANCEL))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("job_ids must not be empty.");
        assertThatThrownBy(() -> new BatchStopCommand(PROJECT, null, StopMode.CANCEL))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("job_ids is required.");
    }
}
