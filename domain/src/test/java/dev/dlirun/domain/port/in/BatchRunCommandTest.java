package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.run.StartMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchRunCommandTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    @Test
    void keepsTheCallersOrderAndRepetitions() {
        List<JobId> ids = List.of(JobId.of(3), JobId.of(1), JobId.of(3));
        assertThat(new BatchRunCommand(PROJECT, ids, StartMode.FRESH).jobIds()).containsExactlyElementsOf(ids);
    }

    @Test
    void cannotBeChangedThroughTheListItWasMadeFrom() {
        List<JobId> ids = new ArrayList<>(List.of(JobId.of(1)));
        BatchRunCommand command = new BatchRunCommand(PROJECT, ids, StartMode.FRESH);
        ids.add(JobId.of(2));
        assertThat(command.jobIds()).containsExactly(JobId.of(1));
    }

    @Test
    void needsAtLeastOneJob() {
        assertThatThrownBy(() -> new BatchRunCommand(PROJECT, List.of(), StartMode.FRESH))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("job_ids must not be empty.");
        assertThatThrownBy(() -> new BatchRunCommand(PROJECT, null, StartMode.FRESH))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("job_ids is required.");
    }
}
