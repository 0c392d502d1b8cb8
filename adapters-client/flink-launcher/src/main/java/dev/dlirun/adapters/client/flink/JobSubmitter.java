package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.policy.CodePolicy;
import dev.dlirun.adapters.client.flink.policy.JobRules;
import dev.dlirun.adapters.client.flink.policy.PolicyViolation;
import dev.dlirun.adapters.client.flink.policy.Statement;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.ProjectId;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.client.ClientUtils;
import org.apache.flink.client.deployment.executors.RemoteExecutor;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
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
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.command.AddJarOperation;
import org.apache.flink.table.operations.command.ResetOperation;
import org.apache.flink.table.operations.command.SetOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.CreateTempSystemFunctionOperation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a launch into a Flink job and submits it to the cluster under the launch's runtime id. A SQL job's script is
 * parsed statement by statement ({@link SqlScript}) in a table environment of its own, each statement's kind and
 * settings checked against the {@link CodePolicy} before it takes effect, and every table it creates checked again as
 * Flink creates it (the policy's table module); its {@code INSERT}s go to the cluster as one job. A jar job's main
 * method runs here, as {@code flink run} runs it, and its pipeline goes to the cluster with its jar.
 */
final class JobSubmitter {

    /** Lets a job take the task slots it needs, or refuses it. */
    @FunctionalInterface
    interface Admission {
        void admit(int slots) throws LaunchRefusedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(JobSubmitter.class);

    private final FlinkSettings settings;
    private final CodePolicy policy;
    /** The parent of the class loaders of jobs' SQL (their functions', their types'). */
    private final java.util.Optional<ClassLoader> jobsParent;

    /** In the service: the class loaders of jobs' SQL see the JDK and Flink only ({@link FlinkOnlyClassLoader}). */
    JobSubmitter(FlinkSettings settings, CodePolicy policy) {
        this(settings, policy, new FlinkOnlyClassLoader(JobSubmitter.class.getClassLoader()));
    }

    /** In a job client: the class loaders of jobs' SQL see {@code jobsParent} (Flink's jars), not this code. */
    JobSubmitter(FlinkSettings settings, CodePolicy policy, ClassLoader jobsParent) {
        this.settings = settings;
        this.policy = policy;
        this.jobsParent = java.util.Optional.of(jobsParent);
    }

    /**
     * @param rest      what a client of the cluster's REST API needs: its address, and its TLS settings if it has them
     * @param admission whether the job may take the task slots it needs, asked once they are known
     * @throws LaunchRefusedException when the job's code does not plan, does not load, breaks a rule, or its state
     *                                cannot be restored
     */
    void submit(Launch launch, Configuration rest, Admission admission) throws LaunchRefusedException {
        JobRules rules = policy.forLaunch(launch.projectId(), launch.jobId());
        Configuration configuration;
        try {
            configuration = configuration(launch, rest, rules);
        } catch (PolicyViolation e) {
            throw new LaunchRefusedException(capitalized(e.getMessage()) + ".");
        }
        checkRestorable(launch);
        if (launch.definition().isSql()) {
            submitSql(launch, configuration, rules, rest, admission);
        } else {
            admission.admit(rules.slots());
            submitJar(launch, configuration, rules);
        }
        if (!rules.overruled().isEmpty()) {
            LOG.info("Job {} of project {} makes Flink settings the service owns, which keep the service's values: {}",
                    launch.jobId(), launch.projectId(), rules.overruled());
        }
    }

    /**
     * The job's Flink settings: those its {@code job_config} implies, then its {@code runtime_config} (each a setting
     * a job may make), then the service's own (its name, restarts, where its state goes, what it restores, where it
     * runs, under which id), which no job may make.
     */
    private Configuration configuration(Launch launch, Configuration rest, JobRules rules) {
        JobDefinition definition = launch.definition();
        JobConfig job = definition.config();
        Configuration configuration = new Configuration();
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, job.parallelNumber());
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
    private Configuration serviceSettings(Launch launch, Configuration rest) {
        JobDefinition definition = launch.definition();
        JobConfig job = definition.config();
        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.NAME, launch.projectId() + "/" + launch.jobId() + " " + definition.name());
        configuration.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
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

    private void submitSql(Launch launch, Configuration configuration, JobRules rules, Configuration rest,
                           Admission admission) throws LaunchRefusedException {
        String script = launch.definition().sqlBody().filter(sql -> !sql.isBlank()).orElseThrow(() ->
                new LaunchRefusedException("Job " + launch.jobId() + " has no SQL (sql_body) to run."));
        EnvironmentSettings.Builder environmentSettings = EnvironmentSettings.newInstance().inStreamingMode()
                .withConfiguration(configuration);
        jobsParent.ifPresent(environmentSettings::withClassLoader);
        TableEnvironment environment = TableEnvironment.create(environmentSettings.build());
        environment.loadModule(JobRules.tablesModuleName(), rules.tables());
        TableEnvironmentInternal tables = (TableEnvironmentInternal) environment;
        List<ModifyOperation> inserts = new ArrayList<>();
        try {
            SqlScript.run(script, text -> {
                Statement.checkBeforeParsing(text);
                return tables.getParser().parse(text);
            }, statement -> {
                for (Operation operation : statement.operations()) {
                    run(environment, rules, statement.text(), operation, inserts);
                }
            });
        } catch (SqlScript.StatementFailed e) {
            String why = PolicyViolation.in(e.getCause()).map(violation -> violation.getMessage() + ".")
                    .orElseGet(() -> FlinkFailures.describe(e.getCause()));
            throw new LaunchRefusedException(capitalized(e.where()) + ": " + why);
        }
        if (inserts.isEmpty()) {
            throw new LaunchRefusedException("The SQL has no INSERT: a job writes its results into a table.");
        }
        // The service's own settings once more, after everything the script did.
        environment.getConfig().addConfiguration(serviceSettings(launch, rest));
        admission.admit(rules.slots());
        try {
            tables.executeInternal(inserts);
        } catch (Exception e) {
            throw new LaunchRefusedException("The job could not be submitted: " + PolicyViolation.in(e)
                    .map(violation -> capitalized(violation.getMessage()) + ".")
                    .orElseGet(() -> FlinkFailures.describe(e)));
        }
    }

    /**
     * Runs one parsed statement as the job may run it: a setting applied, a table, view, function, catalog or
     * database created, an {@code INSERT} kept for the job's one submission; anything else refused by the policy.
     */
    private static void run(TableEnvironment environment, JobRules rules, String text, Operation operation,
                            List<ModifyOperation> inserts) {
        TableEnvironmentInternal tables = (TableEnvironmentInternal) environment;
        switch (rules.statement(operation, text)) {
            case SET -> {
                SetOperation set = (SetOperation) operation;
                if (set.getKey().isEmpty() || set.getValue().isEmpty()) {
                    throw new PolicyViolation("a job's SET names a setting and its value");
                }
                String key = set.getKey().get();
                rules.setting(key, set.getValue().get())
                        .ifPresent(value -> environment.getConfig().getConfiguration().setString(key, value));
            }
            case RESET -> {
                ResetOperation reset = (ResetOperation) operation;
                if (reset.getKey().isEmpty()) {
                    throw new PolicyViolation("a job's RESET names the setting it resets");
                }
                String key = reset.getKey().get();
                rules.reset(key);
                if (JobRules.isTheJobsOwn(key)) {
                    environment.getConfig().getConfiguration().removeConfig(ConfigOptions.key(key).stringType()
                            .noDefaultValue());
                }
            }
            case CREATE_TABLE -> {
                CreateTableOperation create = (CreateTableOperation) operation;
                rules.table(create.getTableIdentifier().getObjectName(), create.getCatalogTable().getOptions());
                tables.executeInternal(operation);
            }
            case CREATE_TABLE_AS -> {
                CreateTableOperation create = ((CreateTableASOperation) operation).getCreateTableOperation();
                rules.table(create.getTableIdentifier().getObjectName(), create.getCatalogTable().getOptions());
                inserts.add((ModifyOperation) operation);
            }
            case REPLACE_TABLE_AS -> {
                CreateTableOperation create = ((ReplaceTableAsOperation) operation).getCreateTableOperation();
                rules.table(create.getTableIdentifier().getObjectName(), create.getCatalogTable().getOptions());
                inserts.add((ModifyOperation) operation);
            }
            case INSERT -> inserts.add(checkedInsert(rules, (SinkModifyOperation) operation));
            case STATEMENT_SET -> {
                for (ModifyOperation insert : ((StatementSetOperation) operation).getOperations()) {
                    if (!(insert instanceof SinkModifyOperation sink)) {
                        throw new PolicyViolation("a statement set holds INSERT statements only");
                    }
                    inserts.add(checkedInsert(rules, sink));
                }
            }
            case CREATE_FUNCTION -> {
                CreateCatalogFunctionOperation function = (CreateCatalogFunctionOperation) operation;
                tables.executeInternal(new CreateCatalogFunctionOperation(function.getFunctionIdentifier(),
                        rules.function(function.getFunctionIdentifier().getObjectName(), function.getCatalogFunction()),
                        function.isIgnoreIfExists(), function.isTemporary()));
            }
            case CREATE_SYSTEM_FUNCTION -> {
                CreateTempSystemFunctionOperation function = (CreateTempSystemFunctionOperation) operation;
                var checked = rules.function(function.getFunctionName(), function.getCatalogFunction());
                tables.executeInternal(new CreateTempSystemFunctionOperation(function.getFunctionName(),
                        checked.getClassName(), function.isIgnoreIfExists(), checked.getFunctionLanguage(),
                        checked.getFunctionResources(), Map.of()));
            }
            case CREATE_CATALOG -> {
                CreateCatalogOperation catalog = (CreateCatalogOperation) operation;
                rules.catalog(catalog.getCatalogName(), catalog.getProperties());
                tables.executeInternal(operation);
            }
            case ADD_JAR -> tables.executeInternal(new AddJarOperation(rules.jar("the jar of ADD JAR",
                    ((AddJarOperation) operation).getPath()).toUri().toString()));
            case CREATE_VIEW, CREATE_DATABASE, USE_CATALOG, USE_DATABASE -> tables.executeInternal(operation);
            case BEGIN_STATEMENT_SET, END_STATEMENT_SET -> {
                // Every INSERT of a job runs in its one Flink job anyway.
            }
        }
    }

    /** An INSERT whose {@code OPTIONS} hint is checked with its table's own options before Flink plans it. */
    private static ModifyOperation checkedInsert(JobRules rules, SinkModifyOperation insert) {
        if (!insert.getDynamicOptions().isEmpty()) {
            Map<String, String> options = new HashMap<>(insert.getContextResolvedTable().getResolvedTable()
                    .getOptions());
            options.putAll(insert.getDynamicOptions());
            rules.table(insert.getContextResolvedTable().getIdentifier().getObjectName(), options);
        }
        return insert;
    }

    /** The project's own directory, made (and handed to its user) if need be. */
    java.nio.file.Path projectDirectory(dev.dlirun.domain.model.ProjectId project) {
        return policy.projectDirectory(project);
    }

    /**
     * Checks the jars a job names ({@code entrypoint}, {@code dependency_jars}, {@code udf_jar_url}) against the
     * policy, as the job is created or changed.
     *
     * @throws InvalidInputException naming the field of the first jar the policy refuses
     */
    void checkJars(ProjectId project, JobDefinition definition) {
        JobRules rules = policy.forJob(project);
        definition.config().entrypoint().ifPresent(jar -> checkJar(rules, "entrypoint", "the job's jar", jar));
        definition.extras().get(JobField.DEPENDENCY_JARS).map(jars -> (List<?>) jars).ifPresent(jars -> {
            for (int i = 0; i < jars.size(); i++) {
                checkJar(rules, "dependency_jars[" + i + "]", "the dependency jar", (String) jars.get(i));
            }
        });
        definition.extras().get(JobField.UDF_JAR_URL, String.class)
                .ifPresent(jar -> checkJar(rules, "udf_jar_url", "the functions' jar", jar));
    }

    private static void checkJar(JobRules rules, String field, String what, String location) {
        try {
            rules.jar(what, location);
        } catch (PolicyViolation e) {
            throw new InvalidInputException(field, "must name a jar the project may use: " + e.getMessage());
        }
    }

    private void submitJar(Launch launch, Configuration configuration, JobRules rules) throws LaunchRefusedException {
        JobDefinition definition = launch.definition();
        String entrypoint = definition.config().entrypoint().filter(jar -> !jar.isBlank()).orElseThrow(() ->
                new LaunchRefusedException("Job " + launch.jobId() + " names no jar (job_config.entrypoint) to run."));
        Path jar;
        String mainClass;
        try {
            jar = rules.jar("the job's jar", entrypoint);
            mainClass = rules.mainClass(jar, definition.mainClass());
        } catch (PolicyViolation e) {
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
                    .setEntryPointClassName(mainClass)
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
