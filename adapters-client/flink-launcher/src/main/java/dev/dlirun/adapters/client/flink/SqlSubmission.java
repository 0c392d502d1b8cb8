package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.policy.JobRules;
import dev.dlirun.adapters.client.flink.policy.PolicyViolation;
import dev.dlirun.adapters.client.flink.policy.Statement;
import dev.dlirun.adapters.client.flink.state.PlannedJob;
import dev.dlirun.adapters.client.flink.state.PlannedOperators;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.domain.graph.GraphType;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.dlirun.adapters.client.flink.JobSubmitter.capitalized;

/**
 * A SQL job planned and submitted: its script parsed statement by statement ({@link SqlScript}) in a table environment
 * of its own, each statement's kind and settings checked against the job's rules before it takes effect, and every
 * table it creates checked again as Flink creates it (the policy's table module); its {@code INSERT}s go to the
 * cluster as one job.
 */
final class SqlSubmission {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqlSubmission.class);

    /** The connectors' jars, whose class loader is the parent of the class loaders of jobs' SQL. */
    private final ConnectorBundles connectors;
    private final LaunchConfiguration configurations;

    /** @param configurations the service's own settings, applied once more after everything the script did */
    SqlSubmission(ConnectorBundles connectors, LaunchConfiguration configurations) {
        this.connectors = connectors;
        this.configurations = configurations;
    }

    /**
     * @param configuration the launch's Flink configuration
     * @param rest          what a client of the cluster's REST API needs
     * @param admission     whether the job may take the task slots it needs, asked once its statements have run
     * @param ownJars       the jars the job names (checked): on its class path, and shipped with it
     * @throws LaunchRefusedException when the job has no SQL or no {@code INSERT}, a statement fails or breaks a rule,
     *                                or the job cannot be submitted
     */
    void submit(Launch launch, Configuration configuration, JobRules rules, Configuration rest,
                JobSubmitter.Admission admission, List<java.nio.file.Path> ownJars) throws LaunchRefusedException {
        Planned planned = plan(launch, configuration, rules, rest, ownJars);
        admission.admit(rules.slots());
        try {
            planned.tables().executeInternal(planned.inserts());
        } catch (Exception e) {
            throw new LaunchRefusedException("The job could not be submitted: " + PolicyViolation.in(e)
                    .map(violation -> capitalized(violation.getMessage()) + ".")
                    .orElseGet(() -> FlinkFailures.describe(e)));
        }
    }

    /**
     * Checks the job as {@link #submit} would run it, up to the moment it would reach the cluster: the same statements
     * run, the same rules, the same {@code INSERT}s given to Flink to translate into the job's graph, which
     * {@link PlanOnlyExecutor} takes in place of the cluster. Nothing is submitted, no task slot is taken, and the
     * table environment's class loader is closed once the graph is described.
     *
     * @return the job's graph, described as {@link GraphDescription} writes it
     * @throws LaunchRefusedException exactly when {@link #submit} would refuse the job for its code
     */
    String check(Launch launch, Configuration configuration, JobRules rules, List<java.nio.file.Path> ownJars,
                 GraphType type) throws LaunchRefusedException {
        Planned planned = plan(launch, configuration, rules, new Configuration(), ownJars);
        try (PlanOnlyExecutor.Capture capture = PlanOnlyExecutor.capture(launch.runtimeJobId().value(), type)) {
            executePlanOnly(planned, capture);
            return capture.graph().orElseThrow(() -> new IllegalStateException("Flink planned the job but did not "
                    + "hand its graph to the plan-only executor"));
        } finally {
            planned.release();
        }
    }

    /**
     * Plans the job for a state check as {@link #check} plans it (the very path of {@link #submit}, up to the moment
     * it would reach the cluster), its graph's operators analysed ({@link PlannedOperators}) rather than described.
     * Before that, the same {@code INSERT}s are compiled into Flink's plan ({@code compilePlan}), whose nodes say what
     * their state means; a plan Flink cannot compile is no failure: the check then says why.
     *
     * @throws LaunchRefusedException exactly when {@link #submit} would refuse the job for its code
     */
    PlannedJob planState(Launch launch, Configuration configuration, JobRules rules, List<java.nio.file.Path> ownJars)
            throws LaunchRefusedException {
        Planned planned = plan(launch, configuration, rules, new Configuration(), ownJars);
        try (PlanOnlyExecutor.Capture capture = PlanOnlyExecutor.captureOperators(launch.runtimeJobId().value())) {
            Optional<String> compiled = Optional.empty();
            Optional<String> whyNot = Optional.empty();
            try {
                compiled = Optional.of(planned.tables().compilePlan(planned.inserts()).asJsonString());
            } catch (Exception e) {
                whyNot = Optional.of(FlinkFailures.describe(e));
            }
            executePlanOnly(planned, capture);
            PlannedOperators operators = capture.operators().orElseThrow(() -> new IllegalStateException("Flink "
                    + "planned the job but did not hand its graph to the plan-only executor"));
            return new PlannedJob(operators, compiled, whyNot, ownJars, Optional.empty());
        } finally {
            planned.release();
        }
    }

    /**
     * Gives the job's {@code INSERT}s to Flink to execute, as {@link #submit} does, its target the
     * {@link PlanOnlyExecutor}, which takes the graph for {@code capture} and sends nothing: Flink's
     * {@code executeInternal} then fails, as meant, once the graph is taken.
     *
     * @throws LaunchRefusedException when Flink fails before it hands the graph over, as a submission would fail
     */
    private static void executePlanOnly(Planned planned, PlanOnlyExecutor.Capture capture)
            throws LaunchRefusedException {
        planned.environment().getConfig().set(DeploymentOptions.TARGET, PlanOnlyExecutor.NAME);
        try {
            planned.tables().executeInternal(planned.inserts());
        } catch (Exception e) {
            if (!capture.planned()) {
                throw new LaunchRefusedException("The job could not be submitted: " + PolicyViolation.in(e)
                        .map(violation -> capitalized(violation.getMessage()) + ".")
                        .orElseGet(() -> FlinkFailures.describe(e)));
            }
        }
    }

    /**
     * A job's statements run in its table environment, its {@code INSERT}s planned to be executed as one job, the
     * environment's settings final.
     */
    private record Planned(TableEnvironment environment, List<ModifyOperation> inserts) {
        TableEnvironmentInternal tables() {
            return (TableEnvironmentInternal) environment;
        }

        /**
         * Closes the environment's own class loader (the one {@code ADD JAR} adds to): Flink's table environment has
         * no {@code close()}, and its resource manager, which owns that loader and the jars' local copies, is a
         * protected field.
         */
        void release() {
            try {
                java.lang.reflect.Field field = org.apache.flink.table.api.internal.TableEnvironmentImpl.class
                        .getDeclaredField("resourceManager");
                field.setAccessible(true);
                ((java.io.Closeable) field.get(environment)).close();
            } catch (ReflectiveOperationException | java.io.IOException | RuntimeException e) {
                LOG.warn("The class loader of a checked job's table environment did not close: {}", e.toString());
            }
        }
    }

    /**
     * Runs the job's statements in a table environment of its own, by the job's rules, and collects its
     * {@code INSERT}s; the environment then carries everything its execution needs (connectors' jars, the service's
     * settings once more).
     */
    private Planned plan(Launch launch, Configuration configuration, JobRules rules, Configuration rest,
                         List<java.nio.file.Path> ownJars) throws LaunchRefusedException {
        String script = launch.definition().sqlBody().filter(sql -> !sql.isBlank()).orElseThrow(() ->
                new LaunchRefusedException("Job " + launch.jobId() + " has no SQL (sql_body) to run."));
        // The script's runtime mode shapes the environment, so it is read before the environment is made.
        Optional<String> mode = scriptsRuntimeMode(script);
        if (mode.isPresent()) {
            try {
                rules.setting(ExecutionOptions.RUNTIME_MODE.key(), mode.get())
                        .ifPresent(value -> configuration.setString(ExecutionOptions.RUNTIME_MODE.key(), value));
            } catch (PolicyViolation e) {
                throw new LaunchRefusedException(capitalized(e.getMessage()) + ".");
            }
        }
        boolean batch = configuration.get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH;
        EnvironmentSettings.Builder environmentSettings = (batch ? EnvironmentSettings.newInstance().inBatchMode()
                : EnvironmentSettings.newInstance().inStreamingMode()).withConfiguration(configuration);
        environmentSettings.withClassLoader(connectors.classLoader());
        // On this thread's own execution environment: not one a jar job running on another thread put in place.
        EnvironmentSettings settings = environmentSettings.build();
        TableEnvironment environment = ThreadsOwnEnvironment.creating(() -> TableEnvironment.create(settings));
        environment.loadModule(JobRules.tablesModuleName(), rules.tables());
        TableEnvironmentInternal tables = (TableEnvironmentInternal) environment;
        List<ModifyOperation> inserts = new ArrayList<>();
        Planned planned = new Planned(environment, inserts);
        try {
            try {
                // The job's own jars (dependency_jars, udf_jar_url), as if the script began with ADD JAR for each.
                for (java.nio.file.Path jar : ownJars) {
                    tables.executeInternal(new AddJarOperation(jar.toUri().toString()));
                }
            } catch (RuntimeException e) {
                throw new LaunchRefusedException("The job's jars do not load: " + FlinkFailures.describe(e));
            }
            try {
                SqlScript.run(script, text -> {
                    refuseDliLegacySyntax(text);
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
            // The connectors and formats its tables use that the cluster does not have: shipped with the job.
            List<String> jars = connectors.jarsFor(rules.uses()).stream().map(java.net.URL::toString).toList();
            if (!jars.isEmpty()) {
                environment.getConfig().set(PipelineOptions.JARS, jars);
            }
            // The service's own settings once more, after everything the script did.
            environment.getConfig().addConfiguration(configurations.serviceSettings(launch, rest));
            return planned;
        } catch (LaunchRefusedException | RuntimeException e) {
            // A job that does not plan leaves nothing behind: its class loader (and its jars' copies) go now.
            planned.release();
            throw e;
        }
    }

    /** {@code SET 'execution.runtime-mode' = '...'} in a script, as Flink's documentation writes it. */
    private static final Pattern RUNTIME_MODE = Pattern.compile("(?i)(?:^|;)\\s*SET\\s+'execution\\.runtime-mode'\\s*"
            + "=\\s*'([^']*)'");

    /**
     * The runtime mode the script sets, if it does (its first {@code SET 'execution.runtime-mode'}): it must be known
     * before the table environment is made (Flink refuses to plan in one mode what an environment of the other made).
     * The {@code SET} itself is checked as it runs, as any other.
     */
    static Optional<String> scriptsRuntimeMode(String script) {
        Matcher matcher = RUNTIME_MODE.matcher(script);
        return matcher.find() ? Optional.of(matcher.group(1).strip()) : Optional.empty();
    }

    /** The statements of DLI's older, proprietary Flink SQL (DLI's {@code flink_sql_job}): streams, not tables. */
    private static final Pattern DLI_LEGACY = Pattern.compile("(?is)^\\s*(?:--[^\\n]*\\n\\s*)*CREATE\\s+"
            + "(SOURCE\\s+STREAM|SINK\\s+STREAM|TEMP\\s+STREAM|AGGREGATION\\s+FUNCTION)\\b");

    /**
     * Refuses a statement of DLI's legacy syntax ({@code CREATE SOURCE STREAM ... WITH (type = "kafka", ...)}) in
     * words that say what it is, instead of Flink's parser error at its second word.
     */
    static void refuseDliLegacySyntax(String statement) {
        Matcher matcher = DLI_LEGACY.matcher(statement);
        if (matcher.find()) {
            String what = "CREATE " + matcher.group(1).toUpperCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
            throw new org.apache.flink.table.api.ValidationException(what + " is DLI's legacy Flink SQL syntax, which "
                    + "runs on DLI only; this service runs Flink OpenSource SQL (DLI's flink_opensource_sql_job): "
                    + "CREATE TABLE ... WITH ('connector' = 'kafka', ...), as Flink's own documentation writes it");
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
}
