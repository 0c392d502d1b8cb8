package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.policy.JobRules;
import dev.dlirun.adapters.client.flink.policy.PolicyViolation;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.client.deployment.executors.RemoteExecutor;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.table.api.config.TableConfigOptions;

import java.time.Duration;
import java.util.Map;

/**
 * The Flink configuration of one launch: the settings its job may make (from its {@code job_config} and
 * {@code runtime_config}, as its rules allow them), and over them the settings the service owns (the job's name, its
 * checkpoints, its bounded restarts, where its state goes and what it restores, the cluster it goes to, its id).
 */
final class LaunchConfiguration {

    private final FlinkSettings settings;

    LaunchConfiguration(FlinkSettings settings) {
        this.settings = settings;
    }

    /**
     * The job's Flink settings: those its {@code job_config} implies, then its {@code runtime_config} (each a setting
     * a job may make), then the service's own (its name, restarts, where its state goes, what it restores, where it
     * runs, under which id), which no job may make.
     *
     * @throws PolicyViolation when the job makes a setting its rules refuse
     */
    Configuration of(Launch launch, Configuration rest, JobRules rules) {
        JobDefinition definition = launch.definition();
        JobConfig job = definition.config();
        Configuration configuration = new Configuration();
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, job.parallelNumber());
        // Streaming unless the job's runtime_config or its script's SET says batch.
        configuration.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        rules.parallelism(job.parallelNumber());
        try {
            for (Map.Entry<String, String> setting : RuntimeSettings.parse(job.runtimeConfig()).entrySet()) {
                rules.setting(setting.getKey(), setting.getValue())
                        .ifPresent(value -> configuration.setString(setting.getKey(), value));
            }
        } catch (PolicyViolation e) {
            throw new PolicyViolation("the job's runtime_config: " + e.getMessage());
        }
        configuration.addAll(serviceSettings(launch, rest));
        return configuration;
    }

    /** The settings the service owns: applied after the job's own, and again before its statements are submitted. */
    Configuration serviceSettings(Launch launch, Configuration rest) {
        JobDefinition definition = launch.definition();
        JobConfig job = definition.config();
        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.NAME, launch.projectId() + "/" + launch.jobId() + " " + definition.name());
        if (job.checkpointEnabled()) {
            configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL,
                    Duration.ofSeconds(job.checkpointIntervalSeconds()));
            configuration.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                    job.checkpointMode() == CheckpointMode.EXACTLY_ONCE ? CheckpointingMode.EXACTLY_ONCE
                            : CheckpointingMode.AT_LEAST_ONCE);
            // Kept when the job is cancelled or the service stops: a start of the service resumes from them.
            configuration.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        restartStrategy(job, configuration);
        String project = launch.projectId().value();
        long id = launch.jobId().value();
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointsOf(project, id));
        configuration.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, settings.savepointsOf(project, id));
        launch.restorePath().ifPresent(path -> configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, path));
        // Flink's allowNonRestoredState: set only for a launch the state check let drop state; never by the job.
        configuration.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, launch.allowNonRestoredState());
        // OPTIONS hints are standard Flink: the policy's table module checks whatever options they set.
        configuration.set(TableConfigOptions.TABLE_DYNAMIC_TABLE_OPTIONS_ENABLED, true);
        configuration.set(TableConfigOptions.TABLE_DML_SYNC, false);
        configuration.set(DeploymentOptions.TARGET, RemoteExecutor.NAME);
        configuration.set(DeploymentOptions.ATTACHED, false);
        configuration.addAll(rest);
        configuration.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, launch.runtimeJobId().value());
        return configuration;
    }

    /**
     * Every job's restarts are bounded: without {@code restart_when_exception} a failure ends the job (it never loops);
     * with it, at most {@code resume_max_num} restarts an hour, or, with no limit (-1), restarts spaced out up to a
     * minute apart.
     */
    private static void restartStrategy(JobConfig job, Configuration configuration) {
        if (!job.restartWhenException()) {
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else if (job.resumeMaxNum() > 0) {
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "failure-rate");
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL,
                    job.resumeMaxNum());
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL,
                    Duration.ofHours(1));
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY, Duration.ofSeconds(1));
        } else if (job.resumeMaxNum() == 0) {
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else {
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                    Duration.ofSeconds(1));
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                    Duration.ofMinutes(1));
        }
    }
}
