package dev.dlirun.domain.template;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateRulesTest {

    private static List<JobTag> tags(int count) {
        return IntStream.range(0, count).mapToObj(i -> new JobTag("k" + i, "v" + i)).toList();
    }

    @Test
    void theLimitsAreDlisOnes() {
        assertThat(TemplateRules.MAX_NAME_LENGTH).isEqualTo(64);
        assertThat(TemplateRules.MAX_DESC_LENGTH).isEqualTo(512);
        assertThat(TemplateRules.MAX_SQL_LENGTH).isEqualTo(10_000);
        assertThat(TemplateRules.MAX_TEMPLATES).isEqualTo(100);
        assertThat(TemplateRules.MAX_TAGS).isEqualTo(20);
        assertThat(TemplateRules.DEFAULT_TYPE).isEqualTo(JobType.FLINK_SQL_JOB);
    }

    @Test
    void aNameOfOneToSixtyFourCharactersIsKeptAsItIs() {
        assertThat(TemplateRules.name("a")).isEqualTo("a");
        assertThat(TemplateRules.name(" my template ")).isEqualTo(" my template ");
        assertThat(TemplateRules.name("n".repeat(64))).isEqualTo("n".repeat(64));
    }

    @Test
    void aMissingBlankOrTooLongNameIsRefused() {
        for (String name : new String[] {null, "", "   ", "n".repeat(65)}) {
            assertThatThrownBy(() -> TemplateRules.name(name)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("name must be 1 to 64 characters long.");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\tb", "a\nb", "a\u0000b", "ab\u007f"})
    void aNameWithAControlCharacterIsRefused(String name) {
        assertThatThrownBy(() -> TemplateRules.name(name)).isInstanceOf(InvalidInputException.class)
                .hasMessage("name must not hold control characters.");
    }

    @Test
    void aDescriptionOfAtMost512CharactersIsKeptAsItIs() {
        assertThat(TemplateRules.desc("")).isEmpty();
        assertThat(TemplateRules.desc("about it")).isEqualTo("about it");
        assertThat(TemplateRules.desc("d".repeat(512))).isEqualTo("d".repeat(512));
    }

    @Test
    void aMissingOrTooLongDescriptionIsRefused() {
        assertThatThrownBy(() -> TemplateRules.desc(null)).isInstanceOf(InvalidInputException.class)
                .hasMessage("desc must be at most 512 characters long.");
        assertThatThrownBy(() -> TemplateRules.desc("d".repeat(513))).isInstanceOf(InvalidInputException.class)
                .hasMessage("desc must be at most 512 characters long.");
    }

    @Test
    void sqlOfAtMostTenThousandCharactersIsKeptAsItIs() {
        assertThat(TemplateRules.sqlBody("")).isEmpty();
        assertThat(TemplateRules.sqlBody("SELECT 1")).isEqualTo("SELECT 1");
        assertThat(TemplateRules.sqlBody("s".repeat(10_000))).isEqualTo("s".repeat(10_000));
    }

    @Test
    void missingOrTooLongSqlIsRefused() {
        assertThatThrownBy(() -> TemplateRules.sqlBody(null)).isInstanceOf(InvalidInputException.class)
                .hasMessage("sql_body must be at most 10000 characters long.");
        assertThatThrownBy(() -> TemplateRules.sqlBody("s".repeat(10_001)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("sql_body must be at most 10000 characters long.");
    }

    @ParameterizedTest
    @EnumSource(value = JobType.class, names = {"FLINK_SQL_JOB", "FLINK_OPENSOURCE_SQL_JOB"})
    void aTemplateIsOfEitherSqlKind(JobType type) {
        assertThat(TemplateRules.type(type)).isEqualTo(type);
    }

    @ParameterizedTest
    @EnumSource(value = JobType.class, names = {"FLINK_SQL_EDGE_JOB", "FLINK_JAR_JOB"})
    void anyOtherKindIsRefused(JobType type) {
        assertThatThrownBy(() -> TemplateRules.type(type)).isInstanceOf(InvalidInputException.class)
                .hasMessage("job_type must be flink_sql_job or flink_opensource_sql_job.");
    }

    @Test
    void aMissingKindIsRefused() {
        assertThatThrownBy(() -> TemplateRules.type(null)).isInstanceOf(InvalidInputException.class)
                .hasMessage("job_type must be flink_sql_job or flink_opensource_sql_job.");
    }

    @Test
    void noneToTwentyTagsOfDistinctKeysAreKeptInTheirOrder() {
        assertThat(TemplateRules.tags(List.of())).isEmpty();
        assertThat(TemplateRules.tags(tags(20))).isEqualTo(tags(20));
        List<JobTag> sameValue = List.of(new JobTag("b", "x"), new JobTag("a", "x"));
        assertThat(TemplateRules.tags(sameValue)).containsExactly(new JobTag("b", "x"), new JobTag("a", "x"));
    }

    @Test
    void theTagsAreAnUnmodifiableCopy() {
        List<JobTag> given = new ArrayList<>(tags(2));
        List<JobTag> kept = TemplateRules.tags(given);
        given.add(new JobTag("late", ""));

        assertThat(kept).isEqualTo(tags(2));
        assertThatThrownBy(() -> kept.add(new JobTag("x", ""))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void missingTagsOrMoreThanTwentyAreRefused() {
        assertThatThrownBy(() -> TemplateRules.tags(null)).isInstanceOf(InvalidInputException.class)
                .hasMessage("tags must hold at most 20 tags.");
        assertThatThrownBy(() -> TemplateRules.tags(tags(21))).isInstanceOf(InvalidInputException.class)
                .hasMessage("tags must hold at most 20 tags.");
    }

    @Test
    void aNullTagIsRefused() {
        List<JobTag> withNull = new ArrayList<>(tags(1));
        withNull.add(null);

        assertThatThrownBy(() -> TemplateRules.tags(withNull)).isInstanceOf(InvalidInputException.class)
                .hasMessage("tags must not hold null.");
    }

    @Test
    void aRepeatedKeyIsRefusedEvenWithAnotherValue() {
        List<JobTag> repeated = List.of(new JobTag("env", "prod"), new JobTag("team", "a"), new JobTag("env", "dev"));

        assertThatThrownBy(() -> TemplateRules.tags(repeated)).isInstanceOf(InvalidInputException.class)
                .hasMessage("tags must not repeat the key env.");
    }
}
