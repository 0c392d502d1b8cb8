package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "48cc2c48765f481480c7db940d6409d1", "demo-project", "A_b-9",
            "0123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsLettersDigitsUnderscoresAndHyphensUpTo64(String value) {
        assertThat(ProjectId.of(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"has space", "slash/inside", "dot.inside", "ünïcode", "%2e%2e", "tab\t",
            "01234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsAnythingElseNamingTheField(String value) {
        assertThatThrownBy(() -> ProjectId.of(value))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("project_id must be 1 to 64 characters")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("project_id");
    }

    @Test
    void printsAsItsValue() {
        assertThat(ProjectId.of("p1")).hasToString("p1");
    }
}
