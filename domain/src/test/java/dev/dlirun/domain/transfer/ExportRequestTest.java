package dev.dlirun.domain.transfer;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportRequestTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    @Test
    void anExportOfEveryJobKeepsItsFolderAsNamed() {
        ExportRequest request = new ExportRequest(PROJECT, "obs://bucket/exports", Optional.empty());

        assertThat(request.projectId()).isEqualTo(PROJECT);
        assertThat(request.obsDir()).isEqualTo("obs://bucket/exports");
        assertThat(request.selected()).isEmpty();
    }

    @Test
    void aFolderOfOneTo1024CharactersIsAccepted() {
        assertThat(new ExportRequest(PROJECT, "b", Optional.empty()).obsDir()).isEqualTo("b");
        assertThat(new ExportRequest(PROJECT, "b".repeat(1024), Optional.empty()).obsDir())
                .isEqualTo("b".repeat(1024));
        assertThat(ExportRequest.MAX_PATH_LENGTH).isEqualTo(1024);
    }

    @Test
    void aMissingBlankOrTooLongFolderIsRefused() {
        for (String obsDir : new String[] {null, "", "  ", "b".repeat(1025)}) {
            assertThatThrownBy(() -> new ExportRequest(PROJECT, obsDir, Optional.empty()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("obs_dir is required: a path of 1 to 1024 characters.");
        }
    }

    @Test
    void theSelectedJobsAreEachKeptOnceInTheOrderFirstNamed() {
        ExportRequest request = new ExportRequest(PROJECT, "bucket/x",
                Optional.of(List.of(JobId.of(3), JobId.of(1), JobId.of(3), JobId.of(2), JobId.of(1))));

        assertThat(request.selected()).hasValueSatisfying(ids ->
                assertThat(ids).containsExactly(JobId.of(3), JobId.of(1), JobId.of(2)));
    }

    @Test
    void theSelectedJobsAreAnUnmodifiableCopy() {
        List<JobId> given = new ArrayList<>(List.of(JobId.of(1)));
        ExportRequest request = new ExportRequest(PROJECT, "bucket/x", Optional.of(given));
        given.add(JobId.of(2));

        List<JobId> selected = request.selected().orElseThrow();
        assertThat(selected).containsExactly(JobId.of(1));
        assertThatThrownBy(() -> selected.add(JobId.of(3))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSelectionOfNoJobIsRefused() {
        assertThatThrownBy(() -> new ExportRequest(PROJECT, "bucket/x", Optional.of(List.of())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("job_selected must name at least one job when is_selected is true.");
    }

    @Test
    void theProjectAndTheSelectionAreRequiredNeverNull() {
        assertThatThrownBy(() -> new ExportRequest(null, "bucket/x", Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("projectId");
        assertThatThrownBy(() -> new ExportRequest(PROJECT, "bucket/x", null))
                .isInstanceOf(NullPointerException.class).hasMessage("selected");
    }
}
