package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobSavepoints;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.SavepointControl;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SavepointServiceTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobId ID = JobId.of(7);

    /** A backend that records what it was asked, and the time left to answer. */
    private static final class Control implements SavepointControl {
        final List<List<Object>> triggers = new ArrayList<>();
        final List<List<Object>> imports = new ArrayList<>();
        final List<Deadline> deadlines = new ArrayList<>();
        final List<List<Object>> histories = new ArrayList<>();
        /** What a history answers: the job's own. */
        JobSavepoints history;

        @Override
        public void triggerSavepoint(ProjectId projectId, JobId id, Optional<String> directory, Deadline deadline) {
            triggers.add(List.of(projectId, id, directory));
            deadlines.add(deadline);
        }

        @Override
        public void importSavepoint(ProjectId projectId, JobId id, String path, Deadline deadline) {
            imports.add(List.of(projectId, id, path));
            deadlines.add(deadline);
        }

        @Override
        public JobSavepoints history(ProjectId projectId, JobId id, Deadline deadline) {
            histories.add(List.of(projectId, id));
            deadlines.add(deadline);
            if (history == null) {
                throw new JobNotFoundException(id);
            }
            return history;
        }
    }

    private final Control control = new Control();
    private final SavepointService service = new SavepointService(control, Duration.ofSeconds(5));

    @Test
    void aSavepointIsTriggeredIntoTheDirectoryGivenOrTheJobsOwnWithinTheBudget() {
        service.trigger(PROJECT, ID, Optional.of("obs://bucket/savepoints"));
        service.trigger(PROJECT, ID, Optional.empty());

        assertThat(control.triggers).containsExactly(List.of(PROJECT, ID, Optional.of("obs://bucket/savepoints")),
                List.of(PROJECT, ID, Optional.empty()));
        assertThat(control.deadlines).allSatisfy(deadline ->
                assertThat(deadline.remaining()).isLessThanOrEqualTo(Duration.ofSeconds(5)).isPositive());
    }

    @Test
    void aBlankDirectoryIsRefusedBeforeTheBackendIsAsked() {
        assertThatThrownBy(() -> service.trigger(PROJECT, ID, Optional.of(" ")))
                .isInstanceOf(InvalidInputException.class).hasMessage("savepoint_path must not be blank.");
        assertThat(control.triggers).isEmpty();
    }

    @Test
    void aSavepointIsImportedFromThePathGiven() {
        service.importSavepoint(PROJECT, ID, "obs://bucket/savepoints/sp-1");

        assertThat(control.imports).containsExactly(List.of(PROJECT, ID, "obs://bucket/savepoints/sp-1"));
        assertThat(control.deadlines).singleElement().satisfies(deadline ->
                assertThat(deadline.remaining()).isLessThanOrEqualTo(Duration.ofSeconds(5)).isPositive());
    }

    @Test
    void anImportNeedsAPathThatIsNotBlankAndTheBackendIsNotAskedWithout() {
        assertThatThrownBy(() -> service.importSavepoint(PROJECT, ID, null))
                .isInstanceOf(InvalidInputException.class).hasMessage("savepoint_path is required.");
        assertThatThrownBy(() -> service.importSavepoint(PROJECT, ID, ""))
                .isInstanceOf(InvalidInputException.class).hasMessage("savepoint_path must not be blank.");
        assertThat(control.imports).isEmpty();
    }

    @Test
    void theHistoryIsTheBackendsAnswerForTheJobAskedWithinTheBudget() {
        control.history = new JobSavepoints(ID, Optional.of("file:/sp/2"), List.of(
                new JobSavepoints.Savepoint("file:/sp/1", 1, JobSavepoints.Origin.TRIGGER),
                new JobSavepoints.Savepoint("file:/sp/2", 2, JobSavepoints.Origin.STOP)));

        JobSavepoints history = service.history(PROJECT, ID);

        assertThat(history).isSameAs(control.history);
        assertThat(control.histories).containsExactly(List.of(PROJECT, ID));
        assertThat(control.deadlines).singleElement().satisfies(deadline ->
                assertThat(deadline.remaining()).isLessThanOrEqualTo(Duration.ofSeconds(5)).isPositive());
    }

    @Test
    void theHistoryOfAJobTheBackendDoesNotHoldIsNotFound() {
        assertThatThrownBy(() -> service.history(PROJECT, JobId.of(8)))
                .isInstanceOf(JobNotFoundException.class);
        assertThat(control.histories).containsExactly(List.of(PROJECT, JobId.of(8)));
    }

    @Test
    void theHistoryNeedsAProjectAndAJob() {
        assertThatThrownBy(() -> service.history(null, ID)).isInstanceOf(NullPointerException.class)
                .hasMessage("projectId");
        assertThatThrownBy(() -> service.history(PROJECT, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("id");
        assertThat(control.histories).isEmpty();
    }
}
