package dev.dlirun.domain.template;

import dev.dlirun.domain.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateIdTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, Long.MAX_VALUE})
    void anIdIsAPositiveLong(long value) {
        assertThat(TemplateId.of(value).value()).isEqualTo(value);
        assertThat(TemplateId.of(value)).isEqualTo(new TemplateId(value));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void zeroOrANegativeIdIsRefused(long value) {
        assertThatThrownBy(() -> TemplateId.of(value)).isInstanceOf(InvalidInputException.class)
                .hasMessage("template_id must be an integer from 1 to 9223372036854775807.");
    }

    @Test
    void anIdReadsAsItsNumber() {
        assertThat(TemplateId.of(42)).hasToString("42");
    }

    @Test
    void idsOfTheSameValueAreEqual() {
        assertThat(TemplateId.of(7)).isEqualTo(TemplateId.of(7)).hasSameHashCodeAs(TemplateId.of(7))
                .isNotEqualTo(TemplateId.of(8));
    }
}
