package dev.dlirun.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The settings that shape a run of a job: the fields of DLI's {@code job_config} that this service acts on. The
 * defaults are DLI's (its API reference for creating a Flink SQL job).
 *
 * @param parallelNumber            how many parallel instances each operator runs ({@code parallel_number})
 * @param checkpointIntervalSeconds seconds between checkpoints, when they are enabled
 * @param restartWhenException      whether a job that fails at run time is restarted ({@code false}: it stops in
 *                                  {@code job_running_exception})
 * @param resumeCheckpoint          whether a restart resumes from the latest checkpoint (DLI's
 *                                  {@code resume_checkpoint})
 * @param resumeMaxNum              most restarts per hour when restarts are on; -1 for no limit
 * @param runtimeConfig             Flink settings for the job as the caller wrote them (kept verbatim: callers read
 *                                  it back as they sent it)
 * @param entrypoint                a jar job's jar
 */
public record JobConfig(
        int parallelNumber,
        boolean checkpointEnabled,
        CheckpointMode checkpointMode,
        int checkpointIntervalSeconds,
        boolean restartWhenException,
        boolean resumeCheckpoint,
        int resumeMaxNum,
        Optional<String> runtimeConfig,
        Optional<String> entrypoint) {

    /** DLI's defaults: parallelism 1, no checkpoints (exactly once every 10 s when on), no restarts. */
    public static final JobConfig DEFAULTS = new JobConfig(1, false, CheckpointMode.EXACTLY_ONCE, 10, false, false, -1,
            Optional.empty(), Optional.empty());

    public JobConfig {
        Objects.requireNonNull(checkpointMode, "checkpointMode");
        Objects.requireNonNull(runtimeConfig, "runtimeConfig");
        Objects.requireNonNull(entrypoint, "entrypoint");
        if (parallelNumber < 1) {
            throw new InvalidInputException("parallel_number", "must be at least 1");
        }
        if (checkpointIntervalSeconds < 1) {
            throw new InvalidInputException("checkpoint_interval", "must be at least 1 second");
        }
        if (resumeMaxNum < -1) {
            throw new InvalidInputException("resume_max_num", "must be -1 (no limit) or more");
        }
    }

    /** A builder starting from DLI's defaults. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Settings one field at a time: the readers of jobs files, requests and DLI's answers fill in what they got. */
    public static final class Builder {
        private int parallelNumber;
        private boolean checkpointEnabled;
        private CheckpointMode checkpointMode;
        private int checkpointIntervalSeconds;
        private boolean restartWhenException;
        private boolean resumeCheckpoint;
        private int resumeMaxNum;
        private String runtimeConfig;
        private String entrypoint;

        private Builder(JobConfig from) {
            parallelNumber = from.parallelNumber;
            checkpointEnabled = from.checkpointEnabled;
            checkpointMode = from.checkpointMode;
            checkpointIntervalSeconds = from.checkpointIntervalSeconds;
            restartWhenException = from.restartWhenException;
            resumeCheckpoint = from.resumeCheckpoint;
            resumeMaxNum = from.resumeMaxNum;
            runtimeConfig = from.runtimeConfig.orElse(null);
            entrypoint = from.entrypoint.orElse(null);
        }

        public Builder parallelNumber(int value) {
            parallelNumber = value;
            return this;
        }

        public Builder checkpointEnabled(boolean value) {
            checkpointEnabled = value;
            return this;
        }

        public Builder checkpointMode(CheckpointMode value) {
            checkpointMode = value;
            return this;
        }

        public Builder checkpointIntervalSeconds(int value) {
            checkpointIntervalSeconds = value;
            return this;
        }

        public Builder restartWhenException(boolean value) {
            restartWhenException = value;
            return this;
        }

        public Builder resumeCheckpoint(boolean value) {
            resumeCheckpoint = value;
            return this;
        }

        public Builder resumeMaxNum(int value) {
            resumeMaxNum = value;
            return this;
        }

        /** @param value the caller's text, kept as it is; {@code null} for none */
        public Builder runtimeConfig(String value) {
            runtimeConfig = value;
            return this;
        }

        /** @param value the jar; {@code null} for none */
        public Builder entrypoint(String value) {
            entrypoint = value;
            return this;
        }

        /** @throws InvalidInputException naming the field that breaks its rule */
        public JobConfig build() {
            return new JobConfig(parallelNumber, checkpointEnabled, checkpointMode, checkpointIntervalSeconds,
                    restartWhenException, resumeCheckpoint, resumeMaxNum, Optional.ofNullable(runtimeConfig),
                    Optional.ofNullable(entrypoint));
        }
    }
}
