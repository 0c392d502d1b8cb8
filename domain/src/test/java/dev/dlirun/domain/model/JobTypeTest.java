package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobTypeTest {

    @Test
    void parsesDlisFourWireNamesAndNothingElse() {
        for (JobType type : JobType.values()) {
            assertThat(JobType.fromWireName(type.wireName())).contains(type);
            assertThat(type).hasToString(type.wireName());
        }
        assertThat(JobType.fromWireName("flink_jar_job")).contains(JobType.FLINK_JAR_JOB);
        assertThat(JobType.fromWireName("FLINK_JAR_JOB")).isEmpty();
        assertThat(JobType.fromWireName("spark_job")).isEmpty();
        assertThat(JobType.fromWireName(null)).isEmpty();
    }
}
