package dev.dlirun.domain.version;

import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionStampTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    @Test
    void theProjectMakesAVersionWhenNoUserIsNamed() {
        assertThat(VersionStamp.of(VersionReason.UPDATE, PROJECT))
                .isEqualTo(new VersionStamp(VersionReason.UPDATE, "p1", Optional.empty()));
        assertThat(VersionStamp.rollback(PROJECT, 2))
                .isEqualTo(new VersionStamp(VersionReason.ROLLBACK, "p1", Optional.of(2)));
    }

    @Test
    void aRollbackAndOnlyARollbackNamesTheVersionItBringsBack() {
        assertThatThrownBy(() -> VersionStamp.of(VersionReason.ROLLBACK, PROJECT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a rollback, and only a rollback, names the version it rolled back to");
        assertThatThrownBy(() -> new VersionStamp(VersionReason.IMPORT, "p1", Optional.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a rollback, and only a rollback, names the version it rolled back to");
    }

    @Test
    void aStampNeedsEachPart() {
        assertThatThrownBy(() -> new VersionStamp(null, "p1", Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("why");
        assertThatThrownBy(() -> new VersionStamp(VersionReason.CREATE, null, Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("createdBy");
        assertThatThrownBy(() -> new VersionStamp(VersionReason.CREATE, "p1", null))
                .isInstanceOf(NullPointerException.class).hasMessage("rolledBackFrom");
    }
}
