package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTagTest {

    @Test
    void aKeyOfOneTo128CharactersAndAValueOfAtMost255AreAccepted() {
        assertThat(new JobTag("k", "")).extracting(JobTag::key, JobTag::value).containsExactly("k", "");
        assertThat(new JobTag("k".repeat(128), "v".repeat(255)).key()).hasSize(128);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a=b", "=b", "a="})
    void aBlankKeyOrOneHoldingAnEqualsSignIsRefused(String key) {
        assertThatThrownBy(() -> new JobTag(key, "v")).isInstanceOf(InvalidInputException.class)
                .hasMessage("key must be 1 to 128 characters long, without '='.");
    }

    @Test
    void aKeyOver128CharactersOrAValueOver255IsRefused() {
        assertThatThrownBy(() -> new JobTag("k".repeat(129), "v")).isInstanceOf(InvalidInputException.class)
                .hasMessage("key must be 1 to 128 characters long, without '='.");
        assertThatThrownBy(() -> new JobTag(null, "v")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new JobTag("k", "v".repeat(256))).isInstanceOf(InvalidInputException.class)
                .hasMessage("value must be at most 255 characters long.");
        assertThatThrownBy(() -> new JobTag("k", null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void showsAsAListFilterWritesIt() {
        assertThat(new JobTag("team", "ads")).hasToString("team=ads");
    }
}
