package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each rule a field's value follows, made by its own factory and checked directly. */
class JobFieldRuleTest {

    @Test
    void anyValueFollowsTheRuleOfAny() {
        assertThatCode(() -> JobField.Rule.any().check(JobField.LOG_ENABLED, true)).doesNotThrowAnyException();
    }

    @Test
    void aLengthRuleAcceptsItsEndsAndRefusesBeyondThem() {
        JobField.Rule rule = JobField.Rule.length(2, 4);

        assertThatCode(() -> rule.check(JobField.QUEUE_NAME, "ab")).doesNotThrowAnyException();
        assertThatCode(() -> rule.check(JobField.QUEUE_NAME, "abcd")).doesNotThrowAnyException();
        assertThatThrownBy(() -> rule.check(JobField.QUEUE_NAME, "a")).isInstanceOf(InvalidInputException.class)
                .hasMessage("queue_name must be 2 to 4 characters long.");
        assertThatThrownBy(() -> rule.check(JobField.QUEUE_NAME, "abcde")).isInstanceOf(InvalidInputException.class)
                .hasMessage("queue_name must be 2 to 4 characters long.");
        assertThatThrownBy(() -> JobField.Rule.length(0, 3).check(JobField.DESC, "abcd"))
                .hasMessage("desc must be at most 3 characters long.");
    }

    @Test
    void aRangeRuleAcceptsItsEndsAndRefusesBeyondThem() {
        JobField.Rule rule = JobField.Rule.range(-1, 100);

        assertThatCode(() -> rule.check(JobField.RESUME_MAX_NUM, -1L)).doesNotThrowAnyException();
        assertThatCode(() -> rule.check(JobField.RESUME_MAX_NUM, 100L)).doesNotThrowAnyException();
        assertThatThrownBy(() -> rule.check(JobField.RESUME_MAX_NUM, -2L)).isInstanceOf(InvalidInputException.class)
                .hasMessage("resume_max_num must be an integer from -1 to 100.");
        assertThatThrownBy(() -> rule.check(JobField.RESUME_MAX_NUM, 101L)).isInstanceOf(InvalidInputException.class)
                .hasMessage("resume_max_num must be an integer from -1 to 100.");
    }

    @Test
    void aOneOfRuleAcceptsOnlyItsValues() {
        JobField.Rule rule = JobField.Rule.oneOf("a", "b");

        assertThatCode(() -> rule.check(JobField.RUN_MODE, "b")).doesNotThrowAnyException();
        assertThatThrownBy(() -> rule.check(JobField.RUN_MODE, "c")).isInstanceOf(InvalidInputException.class)
                .hasMessage("run_mode must be one of a, b.");
    }

    @Test
    void aNameRuleAcceptsUpTo57LettersDigitsAndPunctuation() {
        JobField.Rule rule = JobField.Rule.name();

        assertThatCode(() -> rule.check(JobField.NAME, "x".repeat(57))).doesNotThrowAnyException();
        assertThatCode(() -> rule.check(JobField.NAME, "作业-1_v2.0")).doesNotThrowAnyException();
        assertThatThrownBy(() -> rule.check(JobField.NAME, "x".repeat(58))).isInstanceOf(InvalidInputException.class)
                .hasMessage("name must be 1 to 57 characters long.");
        assertThatThrownBy(() -> rule.check(JobField.NAME, "a b")).isInstanceOf(InvalidInputException.class)
                .hasMessage("name may hold only letters, digits, '-', '_' and '.'.");
    }

    @Test
    void aDirtyDataStrategyRuleAcceptsIgnoreFailOrADirectory() {
        JobField.Rule rule = JobField.Rule.dirtyDataStrategy();

        for (String strategy : new String[]{"0", "1", "2:x", "2:" + "d".repeat(1022)}) {
            assertThatCode(() -> rule.check(JobField.DIRTY_DATA_STRATEGY, strategy)).doesNotThrowAnyException();
        }
        for (String strategy : new String[]{"2", "2:", "3", "2:" + "d".repeat(1023)}) {
            assertThatThrownBy(() -> rule.check(JobField.DIRTY_DATA_STRATEGY, strategy))
                    .isInstanceOf(InvalidInputException.class).hasMessage("dirty_data_strategy must be \"0\" (ignore "
                            + "dirty data), \"1\" (fail the job) or \"2:<directory>\" (save it there).");
        }
    }

    @Test
    void aListRuleAcceptsItsNumberOfEntriesEachUpToItsLength() {
        JobField.Rule rule = JobField.Rule.list(2, 3);

        assertThatCode(() -> rule.check(JobField.EDGE_GROUP_IDS, List.of("a", "abc"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> rule.check(JobField.EDGE_GROUP_IDS, List.of("a", "b", "c")))
                .isInstanceOf(InvalidInputException.class).hasMessage("edge_group_ids must hold at most 2 entries.");
        assertThatThrownBy(() -> rule.check(JobField.EDGE_GROUP_IDS, List.of("a", "abcd")))
                .isInstanceOf(InvalidInputException.class).hasMessage("edge_group_ids[1] must be 1 to 3 characters long.");
        assertThatThrownBy(() -> rule.check(JobField.EDGE_GROUP_IDS, List.of(" ")))
                .isInstanceOf(InvalidInputException.class).hasMessage("edge_group_ids[0] must be 1 to 3 characters long.");
    }

    @Test
    void aTagsRuleAcceptsTwentyTagsEachKeyOnce() {
        JobField.Rule rule = JobField.Rule.tags();
        List<JobTag> twenty = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twenty.add(new JobTag("k" + i, "v"));
        }

        assertThatCode(() -> rule.check(JobField.TAGS, twenty)).doesNotThrowAnyException();
        List<JobTag> more = new java.util.ArrayList<>(twenty);
        more.add(new JobTag("k20", "v"));
        assertThatThrownBy(() -> rule.check(JobField.TAGS, more)).isInstanceOf(InvalidInputException.class)
                .hasMessage("tags must hold at most 20 tags.");
        assertThatThrownBy(() -> rule.check(JobField.TAGS, List.of(new JobTag("a", "1"), new JobTag("a", "2"))))
                .isInstanceOf(InvalidInputException.class).hasMessage("tags[1].key must not repeat another tag's key.");
    }
}
