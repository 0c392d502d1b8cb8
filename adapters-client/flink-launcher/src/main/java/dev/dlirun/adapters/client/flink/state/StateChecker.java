package dev.dlirun.adapters.client.flink.state;

import dev.dlirun.adapters.client.flink.state.PlannedOperators.PlannedOperator;
import dev.dlirun.adapters.client.flink.state.StateMetadata.SavedOperator;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.StateCheck;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.state.StateVerdict.OperatorNote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The whole state check: the state's metadata ({@link StateMetadata}), the candidate (and the writer, when known)
 * planned as their launches would plan them ({@link PlannedJob}), Flink's restore rules ({@link RestoreRules}) and the
 * meanings of the keyed state that maps ({@link StateMeaningCheck}), made one verdict.
 *
 * <p>Every finding is collected, and the worst decides: {@code INCOMPATIBLE} (Flink refuses, or the state would mean
 * something else), then {@code UNKNOWN} (the check cannot tell: another Flink version wrote the state, the job's
 * functions' or dependencies' jars changed, a side does not plan), then {@code DROPS_STATE}, then {@code COMPATIBLE}.
 *
 * <p>A jar job's state is judged by Flink's rules only: the service cannot see what the code's state means. When its
 * jar changed and none of its stateful operators has a {@code uid}, its state maps by the generated ids of the graph's
 * shape alone; Flink's verdict still stands (it is what Flink will do, and the code is its owner's), and the reason
 * says so.
 */
public final class StateChecker {

    /** Plans a definition of the checked job offline, as a launch of it would plan it. */
    @FunctionalInterface
    public interface Planner {
        /** @throws LaunchRefusedException when the definition does not plan, saying why as a launch would */
        PlannedJob plan(JobDefinition definition) throws LaunchRefusedException;
    }

    private final String runtimeVersion;
    private final Function<String, List<PlanMeanings.StatefulNode>> meanings;
    private final Function<String, List<PlanMeanings.PlanNode>> nodes;

    /** @param runtimeVersion what this runtime is, e.g. {@code Flink 2.2.1} */
    public StateChecker(String runtimeVersion) {
        this(runtimeVersion, PlanMeanings::of, PlanMeanings::nodes);
    }

    /**
     * A checker whose plans are not compiled plans (a test's synthetic ones): the keyed states' meanings come from
     * {@code meanings}; sources' and sinks' states are not compared (no plan has a node).
     *
     * @param meanings the stateful nodes of a compiled plan, with their meanings ({@link PlanMeanings#of})
     */
    StateChecker(String runtimeVersion, Function<String, List<PlanMeanings.StatefulNode>> meanings) {
        this(runtimeVersion, meanings, plan -> List.of());
    }

    /**
     * @param meanings the stateful nodes of a compiled plan, with their meanings ({@link PlanMeanings#of})
     * @param nodes    every node of a compiled plan, with its connector ({@link PlanMeanings#nodes})
     */
    StateChecker(String runtimeVersion, Function<String, List<PlanMeanings.StatefulNode>> meanings,
                 Function<String, List<PlanMeanings.PlanNode>> nodes) {
        this.runtimeVersion = runtimeVersion;
        this.meanings = meanings;
        this.nodes = nodes;
    }

    /** Checks whether {@code state} restores into the candidate of {@code check}, and means the same there. */
    public StateVerdict check(StateCheck check, StateMetadata state, Planner planner) {
        List<String> unknown = new ArrayList<>();
        check.writerRuntime().filter(writer -> !writer.equals(runtimeVersion)).ifPresent(writer -> unknown.add(
                "the state was written by " + writer + " and this service runs " + runtimeVersion + ": another Flink "
                        + "version may give the same operators other ids and keep their state otherwise"));
        PlannedJob candidate;
        try {
            candidate = planner.plan(check.candidate());
        } catch (LaunchRefusedException e) {
            unknown.add("the new definition does not plan, so a launch of it would be refused: " + e.getMessage());
            return StateVerdict.unknown(sentence(unknown));
        }
        Optional<PlannedJob> writer = Optional.empty();
        if (check.writer().isPresent()) {
            try {
                writer = Optional.of(planner.plan(check.writer().get()));
            } catch (LaunchRefusedException e) {
                unknown.add("the definition that wrote the state no longer plans, so what its state means cannot be "
                        + "read: " + e.getMessage());
            }
        }
        Optional<PlannedOperators> writersOperators = writer.map(PlannedJob::operators);

        RestoreRules.Outcome outcome = RestoreRules.apply(state.operators(), candidate.operators());
        List<OperatorNote> incompatible = new ArrayList<>();
        for (RestoreRules.Conflict conflict : outcome.conflicts()) {
            incompatible.add(new OperatorNote(conflict.saved().operatorId(), shown(conflict.saved(),
                    writersOperators), conflict.why()));
        }
        boolean parallelismConflict = !incompatible.isEmpty();
        List<OperatorNote> dropped = outcome.dropped().stream().map(saved -> new OperatorNote(saved.operatorId(),
                shown(saved, writersOperators), "its " + (saved.keyedState() ? "keyed " : "") + "state ("
                        + StateMetadata.size(saved.stateSize()) + ") would be dropped")).toList();

        String meaning;
        long keyed = outcome.mapped().stream().filter(m -> m.saved().keyedState()).count();
        boolean meaningConflict = false;
        if (writer.isPresent()) {
            jarsChanged(writer.get(), candidate).ifPresent(unknown::add);
            if (candidate.isSql() && writer.get().isSql()) {
                StateMeaningCheck.Result result = StateMeaningCheck.compare(outcome.mapped(), writer.get(), candidate,
                        meanings, nodes);
                unknown.addAll(result.unknown());
                incompatible.addAll(result.incompatible());
                meaningConflict = !result.incompatible().isEmpty();
                meaning = meaningText(keyed, result);
            } else {
                meaning = "what the state of a jar job's code means cannot be compared: the service cannot see "
                        + "inside it" + (jarChangedWithoutUids(writer.get(), candidate) ? "; its jar changed and none "
                        + "of its stateful operators has a uid, so its state maps by the shape of its graph alone"
                        : "");
            }
        } else {
            meaning = "the definition that wrote the state is not known, so what its state means could not be compared";
        }

        int maps = outcome.mapped().size();
        String mapsText = "the state of " + maps + " operator" + (maps == 1 ? "" : "s") + " maps to the new program";
        if (!incompatible.isEmpty()) {
            List<String> why = new ArrayList<>();
            if (parallelismConflict) {
                why.add("Flink would refuse the state whatever the setting: its max parallelism does not fit the new "
                        + "program");
            }
            if (meaningConflict) {
                why.add("Flink would restore state into operators where it means something else, and the results "
                        + "would be silently wrong");
            }
            // In the state's order, as the verdict lists its operators.
            List<String> order = state.operators().stream().map(SavedOperator::operatorId).toList();
            incompatible.sort(java.util.Comparator.comparingInt(note -> order.indexOf(note.operatorId())));
            return StateVerdict.incompatible(sentence(why), incompatible);
        }
        if (!unknown.isEmpty()) {
            return StateVerdict.unknown(sentence(unknown));
        }
        if (!dropped.isEmpty()) {
            return StateVerdict.dropsState(sentence(List.of("Flink restores the state only with "
                    + "allowNonRestoredState, dropping the state of " + dropped.size() + " operator"
                    + (dropped.size() == 1 ? "" : "s") + " the new program no longer has; " + mapsText, meaning)),
                    dropped);
        }
        return StateVerdict.compatible(sentence(List.of(mapsText, meaning)));
    }

    /** What the comparison of meanings found, for the reason of a verdict Flink's rules decide. */
    private static String meaningText(long keyed, StateMeaningCheck.Result result) {
        String keyedText = keyedMeaningText(keyed, result);
        int connectors = result.connectorsMatched() + result.connectorsNotCompared();
        if (connectors == 0) {
            return keyedText;
        }
        String states = connectors == 1 ? "the state of its source or sink" : "the states of its " + connectors
                + " sources and sinks";
        if (result.connectorsNotCompared() == 0) {
            return keyedText + "; " + states + " " + (connectors == 1 ? "is" : "are") + " tied to the same place "
                    + "(the table's connector options) in both plans";
        }
        return keyedText + "; of " + states + ", " + result.connectorsMatched() + " " + (result.connectorsMatched()
                == 1 ? "is" : "are") + " tied to the same places in both plans, and for "
                + result.connectorsNotCompared() + " it could not be compared (not traced to a source or sink of the "
                + "plan with its options)";
    }

    private static String keyedMeaningText(long keyed, StateMeaningCheck.Result result) {
        if (keyed == 0) {
            return "none of it is keyed state, whose meaning a change of the query could alter";
        }
        String states = keyed == 1 ? "its keyed state" : "their " + keyed + " keyed states";
        String notLinked = "not linked to a node of the compiled plan with a meaning";
        if (result.notCompared() == 0) {
            return "what " + states + " mean" + (keyed == 1 ? "s" : "") + " is the same in both plans";
        }
        if (result.matched() == 0) {
            return "what " + states + " mean" + (keyed == 1 ? "s" : "") + " could not be compared (the operators are "
                    + notLinked + ")";
        }
        return "what " + result.matched() + " of " + states + " mean is the same in both plans; for "
                + result.notCompared() + " it could not be compared (the operators are " + notLinked + ")";
    }

    /**
     * The operator of the state, as the writer's plan shows it when known, else as the state's metadata names it,
     * else by its id.
     */
    private static String shown(SavedOperator saved, Optional<PlannedOperators> writer) {
        return writer.flatMap(operators -> operators.byId(saved.operatorId())).map(PlannedOperator::shown)
                .or(saved::name).filter(name -> !name.isBlank()).orElse("operator " + saved.operatorId());
    }

    /**
     * Why the functions' or dependencies' jars make the meaning unknown: the writer's and the candidate's differ, and
     * are not the same bytes. The service cannot see what changed code keeps in its state.
     */
    private static Optional<String> jarsChanged(PlannedJob writer, PlannedJob candidate) {
        if (writer.ownJars().equals(candidate.ownJars()) || sameBytes(writer.ownJars(), candidate.ownJars())) {
            return Optional.empty();
        }
        return Optional.of("the job's jars (udf_jar_url, dependency_jars) differ from those of the definition that "
                + "wrote the state (" + names(writer.ownJars()) + " then, " + names(candidate.ownJars())
                + " now): the service cannot see what changed code keeps in its state");
    }

    private static boolean jarChangedWithoutUids(PlannedJob writer, PlannedJob candidate) {
        boolean changed = !writer.jobJar().equals(candidate.jobJar())
                && !sameBytes(writer.jobJar().stream().toList(), candidate.jobJar().stream().toList());
        return changed && candidate.operators().operators().stream().filter(PlannedOperator::keyedState)
                .noneMatch(PlannedOperator::hasUid);
    }

    private static String names(List<Path> jars) {
        return jars.isEmpty() ? "none" : String.join(", ", jars.stream().map(jar -> jar.getFileName().toString())
                .toList());
    }

    /** Whether two lists of jars hold the same bytes, jar by jar (SHA-256). */
    static boolean sameBytes(List<Path> one, List<Path> other) {
        if (one.size() != other.size()) {
            return false;
        }
        for (int i = 0; i < one.size(); i++) {
            Optional<String> a = digest(one.get(i));
            if (a.isEmpty() || !a.equals(digest(other.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> digest(Path jar) {
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                sha.update(buffer, 0, read);
            }
            return Optional.of(HexFormat.of().formatHex(sha.digest()));
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    /** Clauses made one sentence: the first capitalised, joined with semicolons, ended with a full stop. */
    static String sentence(List<String> clauses) {
        String text = String.join("; ", clauses);
        if (text.isEmpty()) {
            return text;
        }
        text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }
}
