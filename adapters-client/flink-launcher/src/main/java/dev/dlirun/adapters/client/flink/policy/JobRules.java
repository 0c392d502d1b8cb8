package dev.dlirun.adapters.client.flink.policy;

import dev.dlirun.domain.model.ProjectId;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.module.Module;
import org.apache.flink.table.operations.Operation;
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

    private final CodePolicy policy;
    private final ProjectId project;
    private final Path projectDirectory;
    private final Set<Path> jars = new LinkedHashSet<>();
    private int parallelism;

    JobRules(CodePolicy policy, ProjectId project, Path projectDirectory) {
        this.policy = policy;
        this.project = project;
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
        TableOptions.Checked checked = TableOptions.check(name, options, policy.connectors(), projectDirectory);
        parallelism = Math.max(parallelism, checked.parallelism());
        return checked.options();
    }

    /** Checks a catalog the job creates: in-memory ones only. */
    public void catalog(String name, Map<String, String> options) {
        TableOptions.checkCatalog(name, options);
    }

    /** Checks a Flink setting the job makes ({@code runtime_config}, {@code SET}); answers the value as checked. */
    public String setting(String key, String value) {
        OptionRule rule = JobSettings.ruleOf(key);
        String what = "the Flink setting '" + key + "'";
        if (rule instanceof OptionRule.Parallelism) {
            parallelism = Math.max(parallelism, TableOptions.parallelismOf(value));
        }
        return TableOptions.checkedValue(rule, value, what, projectDirectory);
    }

    /** Checks a setting the job resets to Flink's default ({@code RESET 'key'}): one it may make. */
    public void reset(String key) {
        JobSettings.ruleOf(key);
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
     * A jar the job brings ({@code ADD JAR}, a jar job's entrypoint): the project must be one that may run code, the
     * jar must be in the jars directory.
     *
     * @param what what the jar is for, for the message (e.g. {@code the job's jar})
     */
    public Path jar(String what, String location) {
        policy.mayRunCode(project, capitalized(what) + " '" + location + "'");
        Path jar = policy.jars().jar(what, location);
        jars.add(jar);
        return jar;
    }

    /** The class a jar job starts: its {@code main_class}, or its manifest's, which must be in the job's own jar. */
    public String mainClass(Path jar, Optional<String> mainClass) {
        return Jars.mainClass(jar, mainClass);
    }

    /**
     * Checks a function the job creates: code, so only for projects that may run it; Java, from the job's own jars
     * (those it names with {@code USING JAR}, or added before with {@code ADD JAR}).
     */
    public void function(String name, CatalogFunction function) {
        String what = "function " + name;
        policy.mayRunCode(project, capitalized(what));
        if (function.getFunctionLanguage() != FunctionLanguage.JAVA) {
            throw new PolicyViolation(what + " is in " + function.getFunctionLanguage() + "; a job's functions are Java "
                    + "classes of its own jars");
        }
        List<Path> own = new ArrayList<>(jars);
        for (ResourceUri resource : function.getFunctionResources()) {
            own.add(jar("the jar of " + what, resource.getUri()));
        }
        Jars.classIn(own, function.getClassName(), what);
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
