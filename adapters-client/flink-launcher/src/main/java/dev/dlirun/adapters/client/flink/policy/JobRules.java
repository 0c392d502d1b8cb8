package dev.dlirun.adapters.client.flink.policy;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.module.Module;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.resource.ResourceType;
import org.apache.flink.table.resource.ResourceUri;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The code policy's rules for one launch of a job of one project. Besides checking, it keeps what the job asked for as
 * it went: the task slots it will take (its highest parallelism) and the jars it brought (its functions' classes must
 * come from them). Used by the one thread that plans the launch.
 */
public final class JobRules {

    private static final String PRINT_IDENTIFIER = "print-identifier";
    private static final String DEFAULT_PARALLELISM = "parallelism.default";

    private final CodePolicy policy;
    private final ProjectId project;
    private final Optional<JobId> job;
    private final Path projectDirectory;
    private final Set<Path> jars = new LinkedHashSet<>();
    private final Set<String> uses = new java.util.TreeSet<>();
    private final Map<String, String> overruled = new java.util.TreeMap<>();
    private int parallelism;

    JobRules(CodePolicy policy, ProjectId project, Optional<JobId> job, Path projectDirectory) {
        this.policy = policy;
        this.project = project;
        this.job = job;
        this.projectDirectory = projectDirectory;
    }

    /** The project's own directory. */
    public Path projectDirectory() {
        return projectDirectory;
    }

    /**
     * The Flink module through which every table of the job comes to be, checked against these rules: load it into
     * the job's table environment before its first statement.
     */
    public Module tables() {
        return new PolicedTables(this::table);
    }

    /** The name to load {@link #tables()} under. */
    public static String tablesModuleName() {
        return PolicedTables.NAME;
    }

    /** What kind of statement {@code operation} is, if a job may run it. */
    public Statement statement(Operation operation, String text) {
        return Statement.of(operation, text);
    }

    /**
     * A table's options as the job may use them: its connector allowed, every option classified and allowed, paths
     * turned into absolute {@code file:} URIs inside the project's directory.
     */
    public Map<String, String> table(String name, Map<String, String> options) {
        TableOptions.Checked checked = TableOptions.check(name, options, policy.connectors(), projectDirectory,
                policy.reach());
        parallelism = Math.max(parallelism, checked.parallelism());
        uses.addAll(checked.uses());
        Map<String, String> result = checked.options();
        if ("print".equals(result.get("connector")) && job.isPresent()) {
            // Printed rows reach the service's log; each begins with the job it comes from, which no row can fake.
            Map<String, String> labelled = new java.util.LinkedHashMap<>(result);
            String own = result.get(PRINT_IDENTIFIER);
            labelled.put(PRINT_IDENTIFIER, project + "/" + job.get() + (own == null || own.isBlank() ? "" : " " + own));
            result = labelled;
        }
        return result;
    }

    /** The connectors and formats the job's tables use, by identifier: those checked so far. */
    public Set<String> uses() {
        return Set.copyOf(uses);
    }

    /** Checks a catalog the job creates: in-memory ones only. */
    public void catalog(String name, Map<String, String> options) {
        TableOptions.checkCatalog(name, options);
    }

    /**
     * Checks a Flink setting the job makes ({@code runtime_config}, {@code SET}): the value as checked, or empty when
     * the setting is the service's own, whose value the service sets whatever the job says ({@link #overruled()}).
     */
    public Optional<String> setting(String key, String value) {
        Optional<String> owner = JobSettings.owner(key);
        if (owner.isPresent()) {
            overruled.put(key.strip(), owner.get());
            return Optional.empty();
        }
        OptionRule rule = JobSettings.ruleOf(key);
        String what = "the Flink setting '" + key + "'";
        if (rule instanceof OptionRule.Parallelism) {
            int degree = TableOptions.parallelismOf(value);
            if (key.strip().equals(DEFAULT_PARALLELISM) && degree < 1) {
                // -1 is Flink's "not set": the cluster decides, a batch job's operators up to 128 subtasks each (the
                // adaptive batch scheduler), which the slots counted here would not hold.
                throw new PolicyViolation(what + " must be a whole number from 1, the job's parallelism; got '" + value
                        + "' (Flink would leave the job's parallelism to the cluster, past the task slots the project "
                        + "is admitted for)");
            }
            parallelism = Math.max(parallelism, degree);
        }
        return Optional.of(TableOptions.checkedValue(rule, value, what, projectDirectory, policy.reach()));
    }

    /** Checks a setting the job resets to Flink's default ({@code RESET 'key'}): one it may make, or the service's. */
    public void reset(String key) {
        if (JobSettings.owner(key).isEmpty()) {
            JobSettings.ruleOf(key);
        }
    }

    /** Whether a setting is the job's own to make or reset (not the service's). */
    public static boolean isTheJobsOwn(String key) {
        return JobSettings.owner(key).isEmpty();
    }

    /** The service's own settings the job tried to make, and what sets each instead: none took effect. */
    public Map<String, String> overruled() {
        return Map.copyOf(overruled);
    }

    /** Counts a parallelism the job's settings give it ({@code parallel_number}) towards the slots it takes. */
    public void parallelism(int value) {
        parallelism = Math.max(parallelism, value);
    }

    /** The task slots the job asks for: the highest parallelism it gave anywhere (at least 1). */
    public int slots() {
        return Math.max(1, parallelism);
    }

    /**
     * A jar the job brings ({@code ADD JAR}, a function's {@code USING JAR}, a jar job's entrypoint): the project must
     * be one that may run code, the jar must be in the jars directory. Answers the jar's real path, which is what
     * Flink must be given (a relative path would be taken from the service's working directory).
     *
     * @param what what the jar is for, for the message (e.g. {@code the job's jar})
     */
    public Path jar(String what, String location) {
        policy.mayRunCode(project, what + " '" + location + "'");
        Path jar = policy.jars().jar(what, location);
        jars.add(jar);
        return jar;
    }

    /** The class a jar job starts: its {@code main_class}, or its manifest's, which must be in the job's own jar. */
    public String mainClass(Path jar, Optional<String> mainClass) {
        return Jars.mainClass(jar, mainClass);
    }

    /**
     * A function the job creates, as it may create it: code, so only for projects that may run it; a Java class of
     * the job's own jars (those it names with {@code USING JAR}, or added before with {@code ADD JAR}), which Flink
     * then loads from the places checked.
     */
    public CatalogFunction function(String name, CatalogFunction function) {
        String what = "function " + name;
        policy.mayRunCode(project, what);
        if (function.getFunctionLanguage() != FunctionLanguage.JAVA) {
            throw new PolicyViolation(what + " is in " + function.getFunctionLanguage() + "; a job's functions are Java "
                    + "classes of its own jars");
        }
        if (!function.getOptions().isEmpty()) {
            throw new PolicyViolation(what + " has options (" + String.join(", ", new java.util.TreeSet<>(
                    function.getOptions().keySet())) + "); a job's functions take none");
        }
        List<ResourceUri> resources = new ArrayList<>();
        for (ResourceUri resource : function.getFunctionResources()) {
            if (resource.getResourceType() != ResourceType.JAR) {
                throw new PolicyViolation(what + " uses a " + resource.getResourceType() + "; a job's functions use "
                        + "jars only");
            }
            resources.add(new ResourceUri(ResourceType.JAR, jar("the jar of " + what, resource.getUri()).toUri()
                    .toString()));
        }
        List<Path> own = new ArrayList<>(jars);
        Jars.classIn(own, function.getClassName(), what);
        return new CatalogFunctionImpl(function.getClassName(), FunctionLanguage.JAVA, resources);
    }
}
