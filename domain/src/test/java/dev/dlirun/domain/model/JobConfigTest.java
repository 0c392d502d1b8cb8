package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobConfigTest {

    @Test
    void theDefaultsAreDlis() {
        assertThat(JobConfig.builder().build()).isEqualTo(JobConfig.DEFAULTS).isEqualTo(new JobConfig(1, false,
                CheckpointMode.EXACTLY_ONCE, 10, false, false, -1, Optional.empty(), Optional.empty()));
    }

    @Test
    void aBuilderSetsEverySettingOneCallAfterAnother() {
        JobConfig config = JobConfig.builder()
                .parallelNumber(4)
                .checkpointEnabled(true)
                .checkpointMode(CheckpointMode.AT_LEAST_ONCE)
                .checkpointIntervalSeconds(30)
                .restartWhenException(true)
                .resumeCheckpoint(true)
                .resumeMaxNum(5)
                .runtimeConfig("a=b")
                .entrypoint("obs://bucket/job.jar")
                .build();

        assertThat(config).isEqualTo(new JobConfig(4, true, CheckpointMode.AT_LEAST_ONCE, 30, true, true, 5,
                Optional.of("a=b"), Optional.of("obs://bucket/job.jar")));
        assertThat(config.toBuilder().runtimeConfig(null).entrypoint(null).build())
                .returns(Optional.empty(), JobConfig::runtimeConfig)
                .returns(Optional.empty(), JobConfig::entrypoint)
                .returns(4, JobConfig::parallelNumber);
    }

    @Test
    void theSmallestSettingsAreAcceptedAndOneLessIsRefusedNamingTheField() {
        JobConfig smallest = JobConfig.builder().parallelNumber(1).checkpointIntervalSeconds(1).resumeMaxNum(-1)
                .build();
        assertThat(smallest.checkpointIntervalSeconds()).isEqualTo(1);

        assertThatThrownBy(() -> JobConfig.builder().parallelNumber(0).build())
                .isInstanceOf(InvalidInputException.class).hasMessage("parallel_number must be at least 1.");
        assertThatThrownBy(() -> JobConfig.builder().checkpointIntervalSeconds(0).build())
                .isInstanceOf(InvalidInputException.class).hasMessage("checkpoint_interval must be at least 1 second.");
        assertThatThrownBy(() -> JobConfig.builder().resumeMaxNum(-2).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("resume_max_num must be -1 (no limit) or more.");
    }
}
