package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.policy.CodePolicy;
import dev.dlirun.adapters.client.flink.policy.JobRules;
import dev.dlirun.adapters.client.flink.policy.PolicyViolation;
import dev.dlirun.adapters.client.flink.state.PlannedJob;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.domain.graph.GraphType;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.ProjectId;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Turns a launch into a Flink job and submits it to the cluster under the launch's runtime id: the launch's rules from
 * the {@link CodePolicy}, its Flink configuration ({@link LaunchConfiguration}) and a check that the state it restores
 * can be read, then a SQL job planned statement by statement and submitted ({@link SqlSubmission}), or a jar job's
 * main method run here, as {@code flink run} runs it ({@link JarSubmission}). It also checks the jars a job names as
 * the job is created or changed, and plans a launch without submitting it, for a check of its graph ({@link #check})
 * or of the state it would restore ({@link #planState}).
 */
final class JobSubmitter implements AutoCloseable {

    /** Lets a job take the task slots it needs, or refuses it. */
    @FunctionalInterface
    interface Admission {
        void admit(int slots) throws LaunchRefusedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(JobSubmitter.class);

    private final CodePolicy policy;
    private final LaunchConfiguration configurations;
    private final SqlSubmission sql;
    private final ConnectorBundles connectors;

    /** In the service: the class loaders of jobs' SQL see the JDK and Flink only ({@link FlinkOnlyClassLoader}). */
    JobSubmitter(FlinkSettings settings, CodePolicy policy) {
        this(settings, policy, new FlinkOnlyClassLoader(JobSubmitter.class.getClassLoader()));
    }

    /** In a job client: the class loaders of jobs' SQL see {@code jobsParent} (Flink's jars), not this code. */
    JobSubmitter(FlinkSettings settings, CodePolicy policy, ClassLoader jobsParent) {
        this.policy = policy;
        this.configurations = new LaunchConfiguration(settings);
        this.connectors = settings.reach().connectorJars().map(directory -> ConnectorBundles.in(directory, jobsParent))
                .orElseGet(() -> ConnectorBundles.none(jobsParent));
        this.sql = new SqlSubmission(connectors, configurations);
    }

    /** Closes the connectors' class loader. */
    @Override
    public void close() {
        connectors.close();
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
            configuration = configurations.of(launch, rest, rules);
        } catch (PolicyViolation e) {
            throw new LaunchRefusedException(capitalized(e.getMessage()) + ".");
        }
        checkRestorable(launch);
        List<java.nio.file.Path> ownJars = ownJars(launch.definition(), rules);
        if (launch.definition().isSql()) {
            sql.submit(launch, configuration, rules, rest, admission, ownJars);
        } else {
            admission.admit(rules.slots());
            JarSubmission.submit(launch, configuration, rules, ownJars);
        }
        if (!rules.overruled().isEmpty()) {
            LOG.info("Job {} of project {} makes Flink settings the service owns, which keep the service's values: {}",
                    launch.jobId(), launch.projectId(), rules.overruled());
        }
    }

    /**
     * Checks a SQL launch as {@link #submit} would submit it (the same rules, configuration, jars and planning), the
     * graph described instead of submitted; no state is restored and no task slot is taken.
     *
     * @return the graph, as {@link GraphDescription} writes it
     * @throws LaunchRefusedException exactly when {@link #submit} would refuse the launch for its code or settings
     */
    String check(Launch launch, GraphType type) throws LaunchRefusedException {
        JobRules rules = policy.forLaunch(launch.projectId(), launch.jobId());
        Configuration configuration;
        try {
            configuration = configurations.of(launch, new Configuration(), rules);
        } catch (PolicyViolation e) {
            throw new LaunchRefusedException(capitalized(e.getMessage()) + ".");
        }
        return sql.check(launch, configuration, rules, ownJars(launch.definition(), rules), type);
    }

    /**
     * Plans a launch for a state check as {@link #submit} would plan it (the same rules, configuration, jars and
     * planning, a SQL job's statements or a jar job's main method), its graph's operators analysed instead of
     * submitted; no state is read, nothing runs on the cluster and no task slot is taken.
     *
     * @throws LaunchRefusedException exactly when {@link #submit} would refuse the launch for its code or settings
     */
    PlannedJob planState(Launch launch) throws LaunchRefusedException {
        JobRules rules = policy.forLaunch(launch.projectId(), launch.jobId());
        Configuration configuration;
        try {
            configuration = configurations.of(launch, new Configuration(), rules);
        } catch (PolicyViolation e) {
            throw new LaunchRefusedException(capitalized(e.getMessage()) + ".");
        }
        List<java.nio.file.Path> ownJars = ownJars(launch.definition(), rules);
        return launch.definition().isSql() ? sql.planState(launch, configuration, rules, ownJars)
                : JarSubmission.planState(launch, configuration, rules, ownJars);
    }

    /**
     * The jars the job names besides its entry point, on its class path as it is planned and shipped with it:
     * {@code dependency_jars}, then a SQL job's {@code udf_jar_url}, each as the policy allows it.
     */
    private static List<java.nio.file.Path> ownJars(JobDefinition definition, JobRules rules)
            throws LaunchRefusedException {
        List<java.nio.file.Path> jars = new java.util.ArrayList<>();
        try {
            for (Object jar : definition.extras().get(JobField.DEPENDENCY_JARS).map(list -> (List<?>) list)
                    .orElse(List.of())) {
                jars.add(rules.jar("the dependency jar", (String) jar));
            }
            if (definition.isSql()) {
                definition.extras().get(JobField.UDF_JAR_URL, String.class).filter(jar -> !jar.isBlank())
                        .ifPresent(jar -> jars.add(rules.jar("the functions' jar (udf_jar_url)", jar)));
            }
        } catch (PolicyViolation e) {
            throw new LaunchRefusedException(capitalized(e.getMessage()) + ".");
        }
        return List.copyOf(jars);
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

    /** The text with its first letter a capital: a policy's words made the start of a refusal. */
    static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
