package dev.dlirun.domain.template;

import dev.dlirun.domain.model.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateChangesTest {

    private static final Optional<String> NONE = Optional.empty();

    @Test
    void changesWithinTheRulesAreKept() {
        TemplateChanges changes = new TemplateChanges(Optional.of("n".repeat(64)), Optional.of(""),
                Optional.of("SELECT 2"));

        assertThat(changes.name()).contains("n".repeat(64));
        assertThat(changes.desc()).contains("");
        assertThat(changes.sqlBody()).contains("SELECT 2");
        assertThat(changes.isEmpty()).isFalse();
    }

    @Test
    void noChangeIsEmpty() {
        TemplateChanges none = new TemplateChanges(NONE, NONE, NONE);

        assertThat(none.isEmpty()).isTrue();
        assertThat(none.name()).isEmpty();
        assertThat(none.desc()).isEmpty();
        assertThat(none.sqlBody()).isEmpty();
    }

    @Test
    void anyOneChangeIsNotEmpty() {
        assertThat(new TemplateChanges(Optional.of("n"), NONE, NONE).isEmpty()).isFalse();
        assertThat(new TemplateChanges(NONE, Optional.of("d"), NONE).isEmpty()).isFalse();
        assertThat(new TemplateChanges(NONE, NONE, Optional.of("s")).isEmpty()).isFalse();
    }

    @Test
    void eachChangeFollowsTheTemplateRules() {
        assertThatThrownBy(() -> new TemplateChanges(Optional.of(" "), NONE, NONE))
                .isInstanceOf(InvalidInputException.class).hasMessage("name must be 1 to 64 characters long.");
        assertThatThrownBy(() -> new TemplateChanges(Optional.of("n".repeat(65)), NONE, NONE))
                .isInstanceOf(InvalidInputException.class).hasMessage("name must be 1 to 64 characters long.");
        assertThatThrownBy(() -> new TemplateChanges(NONE, Optional.of("d".repeat(513)), NONE))
                .isInstanceOf(InvalidInputException.class).hasMessage("desc must be at most 512 characters long.");
        assertThatThrownBy(() -> new TemplateChanges(NONE, NONE, Optional.of("s".repeat(10_001))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("sql_body must be at most 10000 characters long.");
    }
}
