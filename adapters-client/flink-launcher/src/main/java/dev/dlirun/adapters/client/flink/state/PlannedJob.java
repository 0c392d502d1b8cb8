package dev.dlirun.adapters.client.flink.state;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A job definition planned offline as its launch would plan it, for a state check: its operators, its compiled plan
 * (a SQL job's), and the code it brings.
 *
 * @param operators      the operators of its graph, with their ids and parallelism
 * @param compiledPlan   a SQL job's {@code INSERT}s compiled into Flink's plan ({@code CompiledPlan#asJsonString()});
 *                       empty for a jar job, or when Flink cannot compile them ({@link #whyNotCompiled})
 * @param whyNotCompiled why a SQL job's plan could not be compiled, in Flink's words
 * @param ownJars        the jars it names besides its entry point ({@code dependency_jars}, {@code udf_jar_url}), as
 *                       the policy resolved them
 * @param jobJar         a jar job's jar
 */
public record PlannedJob(PlannedOperators operators, Optional<String> compiledPlan, Optional<String> whyNotCompiled,
                         List<Path> ownJars, Optional<Path> jobJar) {

    public PlannedJob {
        Objects.requireNonNull(operators, "operators");
        Objects.requireNonNull(compiledPlan, "compiledPlan");
        Objects.requireNonNull(whyNotCompiled, "whyNotCompiled");
        ownJars = List.copyOf(ownJars);
        Objects.requireNonNull(jobJar, "jobJar");
    }

    /** Whether it is a SQL job (a plan was compiled, or tried). */
    public boolean isSql() {
        return compiledPlan.isPresent() || whyNotCompiled.isPresent();
    }
}
