package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobIdTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 131, Long.MAX_VALUE})
    void acceptsPositive64BitIntegers(long value) {
        assertThat(JobId.of(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void rejectsZeroAndNegatives(long value) {
        assertThatThrownBy(() -> JobId.of(value))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("job_id must be an integer from 1 to 9223372036854775807.");
    }

    @Test
    void aRuleCanBeReportedAgainstTheCallersFieldName() {
        InvalidInputException e = new InvalidInputException("job_id", "must be positive");
        assertThat(e.reportedAs("job_ids[2]"))
                .hasMessage("job_ids[2] must be positive.")
                .extracting(InvalidInputException::field).isEqualTo("job_ids[2]");
    }

    @Test
    void equalityIsByValue() {
        assertThat(JobId.of(131)).isEqualTo(JobId.of(131)).isNotEqualTo(JobId.of(130));
        assertThat(JobId.of(131)).hasToString("131");
    }
}
