package dev.dlirun.adapters.client.flink;

import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import org.apache.flink.client.ClientUtils;
import org.apache.flink.client.deployment.executors.RemoteExecutor;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.UseCatalogOperation;
import org.apache.flink.table.operations.UseDatabaseOperation;
import org.apache.flink.table.operations.command.AddJarOperation;
import org.apache.flink.table.operations.command.ResetOperation;
import org.apache.flink.table.operations.command.SetOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogOperation;
import org.apache.flink.table.operations.ddl.CreateDatabaseOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.CreateTempSystemFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateViewOperation;
import org.apache.flink.table.resource.ResourceUri;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns a launch into a Flink job and submits it to the cluster under the launch's runtime id. A SQL job's script is
 * planned statement by statement in a table environment of its own, each statement checked against the
 * {@link JobCodePolicy} before it takes effect, and its {@code INSERT}s go to the cluster as one job. A jar job's
 * main method runs here, as {@code flink run} runs it, and its pipeline goes to the cluster with its jar.
 */
final class JobSubmitter {

    private final FlinkSettings settings;
    private final JobCodePolicy policy;

    JobSubmitter(FlinkSettings settings, JobCodePolicy policy) {
        this.settings = settings;
        this.policy = policy;
    }

    /**
     * @param rest the cluster's REST address
     * @throws LaunchRefusedException when the job's code does not plan, does not load, breaks a rule, or its state
     *                                cannot be restored
     */
    void submit(Launch launch, URI rest) throws LaunchRefusedException {
        Configuration configuration;
        try {
            configuration = configuration(launch, rest);
        } catch (JobCodePolicy.RuleBroken e) {
            throw new LaunchRefusedException(e.getMessage());
        }
        checkRestorable(launch);
        if (launch.definition().isSql()) {
            submitSql(launch, configuration);
        } else {
            submitJar(launch, configuration);
        }
    }

    /**
     * The job's Flink settings: those its {@code job_config} implies, then its {@code runtime_config}, then the
     * service's own (where its state goes, what it restores, where it runs, under which id), which nothing overrides.
     */
    private Configuration configuration(Launch launch, URI rest) throws JobCodePolicy.RuleBroken {
        JobDefinition definition = launch.definition();
        JobConfig job = definition.config();
        Configuration configuration = new Configuration();
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, job.parallelNumber());
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
        for (Map.Entry<String, String> setting : RuntimeSettings.parse(job.runtimeConfig()).entrySet()) {
            policy.setting(setting.getKey());
            configuration.set(ConfigOptions.key(setting.getKey()).stringType().noDefaultValue(), setting.getValue());
        }
        String project = launch.projectId().value();
        long id = launch.jobId().value();
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointsOf(project, id));
        configuration.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, settings.savepointsOf(project, id));
        launch.restorePath().ifPresent(path -> configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, path));
        // A query hint could otherwise change a table's options (its path) after the policy checked them.
        configuration.set(ConfigOptions.key("table.dynamic-table-options.enabled").booleanType().noDefaultValue(),
                false);
        configuration.set(DeploymentOptions.TARGET, RemoteExecutor.NAME);
        configuration.set(DeploymentOptions.ATTACHED, false);
        configuration.set(RestOptions.ADDRESS, rest.getHost());
        configuration.set(RestOptions.PORT, rest.getPort());
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

    /** A restore from a savepoint or checkpoint that cannot be read fails now, never as a silent fresh start. */
    private static void checkRestorable(Launch launch) throws LaunchRefusedException {
        if (launch.restorePath().isEmpty()) {
            return;
        }
        String path = launch.restorePath().get();
        try {
            org.apache.flink.core.fs.Path directory = new org.apache.flink.core.fs.Path(path);
            FileSystem fileSystem = directory.getFileSystem();
            org.apache.flink.core.fs.Path metadata = path.endsWith("_metadata") ? directory
                    : new org.apache.flink.core.fs.Path(directory, "_metadata");
            if (!fileSystem.exists(metadata)) {
                throw new LaunchRefusedException("The state to restore cannot be read: " + path
                        + " holds no _metadata file (it does not exist, or is not a savepoint or checkpoint).");
            }
        } catch (LaunchRefusedException e) {
            throw e;
        } catch (Exception e) {
            throw new LaunchRefusedException("The state to restore cannot be read: " + path + " ("
                    + FlinkFailures.describe(e) + ").");
        }
    }

    private void submitSql(Launch launch, Configuration configuration) throws LaunchRefusedException {
        String script = launch.definition().sqlBody().filter(sql -> !sql.isBlank()).orElseThrow(() ->
                new LaunchRefusedException("Job " + launch.jobId() + " has no SQL (sql_body) to run."));
        TableEnvironment environment = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode()
                .withConfiguration(configuration).build());
        TableEnvironmentInternal tables = (TableEnvironmentInternal) environment;
        List<ModifyOperation> inserts = new ArrayList<>();
        for (SqlScript.Statement statement : SqlScript.split(script)) {
            try {
                for (Operation operation : tables.getParser().parse(statement.text())) {
                    Operation checked = checked(launch, environment, operation);
                    if (checked instanceof StatementSetOperation set) {
                        inserts.addAll(set.getOperations());
                    } else if (checked instanceof ModifyOperation insert) {
                        inserts.add(insert);
                    } else if (checked != null) {
                        tables.executeInternal(checked);
                    }
                }
            } catch (JobCodePolicy.RuleBroken e) {
                throw new LaunchRefusedException(capitalized(statement.where()) + ": " + e.getMessage() + ".");
            } catch (LaunchRefusedException e) {
                throw e;
            } catch (Exception e) {
                throw new LaunchRefusedException(capitalized(statement.where()) + ": " + FlinkFailures.describe(e));
            }
        }
        if (inserts.isEmpty()) {
            throw new LaunchRefusedException("The SQL has no INSERT: a job writes its results into a table.");
        }
        try {
            tables.executeInternal(inserts);
        } catch (Exception e) {
            throw new LaunchRefusedException("The job could not be submitted: " + FlinkFailures.describe(e));
        }
    }

    /**
     * The operation as the job may run it, or {@code null} when nothing is left to run (a {@code SET} already
     * applied).
     */
    private Operation checked(Launch launch, TableEnvironment environment, Operation operation)
            throws JobCodePolicy.RuleBroken, LaunchRefusedException {
        if (operation instanceof SetOperation set) {
            if (set.getKey().isEmpty() || set.getValue().isEmpty()) {
                throw new JobCodePolicy.RuleBroken("a job's SET names a setting and its value");
            }
            policy.setting(set.getKey().get());
            environment.getConfig().set(ConfigOptions.key(set.getKey().get()).stringType().noDefaultValue(),
                    set.getValue().get());
            return null;
        }
        if (operation instanceof CreateTableOperation create) {
            return checkedTable(launch, create);
        }
        if (operation instanceof CreateTableASOperation createAs) {
            return new CreateTableASOperation(checkedTable(launch, createAs.getCreateTableOperation()),
                    createAs.getSinkModifyStaticPartitions(), createAs.getChild(), createAs.getSinkModifyOverwrite());
        }
        if (operation instanceof CreateCatalogFunctionOperation function) {
            checkFunction(function.getFunctionName(), function.getCatalogFunction());
            return operation;
        }
        if (operation instanceof CreateTempSystemFunctionOperation function) {
            checkFunction(function.getFunctionName(), function.getCatalogFunction());
            return operation;
        }
        if (operation instanceof AddJarOperation addJar) {
            policy.jar("the jar of ADD JAR", addJar.getPath());
            return operation;
        }
        if (operation instanceof CreateCatalogOperation catalog) {
            String type = catalog.getProperties().getOrDefault("type", "");
            if (!type.equals("generic_in_memory")) {
                throw new JobCodePolicy.RuleBroken("catalog " + catalog.getCatalogName() + " is of type '" + type
                        + "'; a job may create in-memory catalogs (generic_in_memory) only");
            }
            return operation;
        }
        if (operation instanceof ModifyOperation || operation instanceof StatementSetOperation
                || operation instanceof CreateViewOperation || operation instanceof CreateDatabaseOperation
                || operation instanceof UseCatalogOperation || operation instanceof UseDatabaseOperation
                || operation instanceof ResetOperation) {
            return operation;
        }
        if (operation instanceof QueryOperation) {
            throw new JobCodePolicy.RuleBroken("a SELECT on its own has nowhere to go: a job writes its results with "
                    + "INSERT INTO a table");
        }
        throw new JobCodePolicy.RuleBroken("'" + operation.asSummaryString().lines().findFirst().orElse("")
                + "' is not a statement a job may run (jobs run SET, CREATE TABLE/VIEW/FUNCTION/DATABASE, USE, "
                + "ADD JAR and INSERT)");
    }

    private CreateTableOperation checkedTable(Launch launch, CreateTableOperation create)
            throws JobCodePolicy.RuleBroken {
        var table = create.getCatalogTable();
        Map<String, String> options = policy.tableOptions(launch.projectId(),
                create.getTableIdentifier().getObjectName(), table.getOptions());
        return new CreateTableOperation(create.getTableIdentifier(), table.copy(options), create.isIgnoreIfExists(),
                create.isTemporary());
    }

    private void checkFunction(String name, CatalogFunction function) throws JobCodePolicy.RuleBroken {
        for (ResourceUri resource : function.getFunctionResources()) {
            policy.jar("the jar of function " + name, resource.getUri());
        }
    }

    /**
     * Checks the jars a job names ({@code entrypoint}, {@code dependency_jars}, {@code udf_jar_url}) against the
     * policy, as the job is created or changed.
     *
     * @throws InvalidInputException naming the field of the first jar the policy refuses
     */
    void checkJars(JobDefinition definition) {
        definition.config().entrypoint().ifPresent(jar -> checkJar("entrypoint", "the job's jar", jar));
        definition.extras().get(JobField.DEPENDENCY_JARS).map(jars -> (List<?>) jars).ifPresent(jars -> {
            for (int i = 0; i < jars.size(); i++) {
                checkJar("dependency_jars[" + i + "]", "the dependency jar", (String) jars.get(i));
            }
        });
        definition.extras().get(JobField.UDF_JAR_URL, String.class)
                .ifPresent(jar -> checkJar("udf_jar_url", "the functions' jar", jar));
    }

    private void checkJar(String field, String what, String location) {
        try {
            policy.jar(what, location);
        } catch (JobCodePolicy.RuleBroken e) {
            throw new InvalidInputException(field, "must name a jar in the service's jars directory: "
                    + e.getMessage());
        }
    }

    private void submitJar(Launch launch, Configuration configuration) throws LaunchRefusedException {
        JobDefinition definition = launch.definition();
        String entrypoint = definition.config().entrypoint().filter(jar -> !jar.isBlank()).orElseThrow(() ->
                new LaunchRefusedException("Job " + launch.jobId() + " names no jar (job_config.entrypoint) to run."));
        Path jar;
        try {
            jar = policy.jar("the job's jar", entrypoint);
        } catch (JobCodePolicy.RuleBroken e) {
            throw new LaunchRefusedException(capitalized(e.getMessage()) + ".");
        }
        // Shipped with the job, as `flink run` ships it: the cluster loads the job's classes from it.
        configuration.set(PipelineOptions.JARS, List.of(jar.toUri().toString()));
        String[] arguments = definition.entrypointArgs().map(String::strip).filter(args -> !args.isEmpty())
                .map(args -> args.split("\\s+")).orElse(new String[0]);
        PackagedProgram program;
        try {
            program = PackagedProgram.newBuilder()
                    .setJarFile(new File(jar.toString()))
                    .setEntryPointClassName(definition.mainClass().filter(main -> !main.isBlank()).orElse(null))
                    .setArguments(Arrays.copyOf(arguments, arguments.length))
                    .setConfiguration(configuration)
                    .build();
        } catch (Exception e) {
            throw new LaunchRefusedException("The job's jar does not load: " + FlinkFailures.describe(e));
        }
        try {
            ClientUtils.executeProgram(new DefaultExecutorServiceLoader(), configuration, program, true, false);
        } catch (Exception e) {
            throw new LaunchRefusedException("The job's main method failed: " + FlinkFailures.describe(e));
        } finally {
            program.close();
        }
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
