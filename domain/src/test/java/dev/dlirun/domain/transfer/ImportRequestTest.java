package dev.dlirun.domain.transfer;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportRequestTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    @Test
    void anImportKeepsItsFileAsNamedAndWhetherItOverwrites() {
        ImportRequest request = new ImportRequest(PROJECT, "obs://bucket/exports/jobs.zip", true);

        assertThat(request.projectId()).isEqualTo(PROJECT);
        assertThat(request.zipFile()).isEqualTo("obs://bucket/exports/jobs.zip");
        assertThat(request.cover()).isTrue();
        assertThat(new ImportRequest(PROJECT, "bucket/x", false).cover()).isFalse();
    }

    @Test
    void aFileOfOneTo1024CharactersIsAccepted() {
        assertThat(new ImportRequest(PROJECT, "z", false).zipFile()).isEqualTo("z");
        assertThat(new ImportRequest(PROJECT, "z".repeat(1024), false).zipFile()).isEqualTo("z".repeat(1024));
    }

    @Test
    void aMissingBlankOrTooLongFileIsRefused() {
        for (String zipFile : new String[] {null, "", "  ", "z".repeat(1025)}) {
            assertThatThrownBy(() -> new ImportRequest(PROJECT, zipFile, false))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("zip_file is required: a path of 1 to 1024 characters.");
        }
    }

    @Test
    void theProjectIsRequired() {
        assertThatThrownBy(() -> new ImportRequest(null, "bucket/x", false))
                .isInstanceOf(NullPointerException.class).hasMessage("projectId");
    }
}
