package dev.dlirun.domain.insight;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCountTest {

    @Test
    void aCountOfZeroOrMoreRecordsIsKeptWithItsName() {
        assertThat(new RecordCount("Source: orders[1]", 0)).returns("Source: orders[1]", RecordCount::name)
                .returns(0L, RecordCount::records);
        assertThat(new RecordCount("Sink: out[2]", Long.MAX_VALUE).records()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aNegativeCountIsRefused() {
        assertThatThrownBy(() -> new RecordCount("Source: orders[1]", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a count of records cannot be negative, not -1");
    }

    @Test
    void aCountNeedsAName() {
        assertThatThrownBy(() -> new RecordCount(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("name");
    }
}
